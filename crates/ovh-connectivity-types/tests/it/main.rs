//! Integration tests of the wire types: tolerance to what the API and its guide really send.

mod operations;
mod requests;
mod tolerance;
