//! A TLS acceptor for `host` with a self-signed certificate made for the test (rcgen, ring),
//! and that certificate, for the client to trust. Shared by the hyper adapter's TLS and proxy
//! tests and the mock's HTTPS-upstream tests (which include this file).

use std::sync::Arc;

use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// The acceptor, and the certificate to trust.
pub(crate) fn self_signed(host: &str) -> (tokio_rustls::TlsAcceptor, CertificateDer<'static>) {
    let certified = rcgen::generate_simple_self_signed(vec![host.to_owned()]).unwrap();
    let cert = certified.cert.der().clone();
    let key = PrivateKeyDer::try_from(certified.signing_key.serialize_der()).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.clone()], key)
        .unwrap();
    (tokio_rustls::TlsAcceptor::from(Arc::new(config)), cert)
}
