//! Configuration: files < environment < explicit values, and the official clients' validation.

use std::collections::HashMap;
use std::path::PathBuf;

use ovh_connectivity_client::{ConfigBuilder, ConfigError};

fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ovh-config-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    move |name| map.get(name).cloned()
}

#[test]
fn later_files_override_earlier_ones_key_by_key() {
    // As python-ovh's own test: AK from the system file, AS from the user file, CK from the local one.
    let dir = temp_dir("layers");
    let system = write(
        &dir,
        "etc.conf",
        "[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key=system\napplication_secret=system\nconsumer_key=system\n",
    );
    let user = write(&dir, "home.conf", "[ovh-eu]\napplication_secret=user\nconsumer_key=user\n");
    let local = write(&dir, "local.conf", "[ovh-eu]\nconsumer_key=local\n");
    let missing = dir.join("absent.conf");
    let config = ConfigBuilder::new().files(&[system, missing, user, local]).unwrap().build().unwrap();
    let credentials = config.credentials.unwrap();
    assert_eq!(credentials.application_key, "system");
    assert_eq!(credentials.application_secret.expose(), "user");
    assert_eq!(credentials.consumer_key.unwrap().expose(), "local");
    assert_eq!(config.base_url, "https://eu.api.ovh.com/1.0");
    assert_eq!(config.endpoint.as_deref(), Some("ovh-eu"));
}

#[test]
fn environment_overrides_files_and_explicit_values_override_both() {
    let dir = temp_dir("env");
    let file = write(
        &dir,
        "ovh.conf",
        "[default]\nendpoint=ovh-eu\n[ovh-ca]\napplication_key=file\napplication_secret=file\n",
    );
    let builder = ConfigBuilder::new().files(&[file]).unwrap().env(env(&[
        ("OVH_ENDPOINT", "ovh-ca"),
        ("OVH_APPLICATION_SECRET", "env"),
        ("OVH_CONSUMER_KEY", ""),
    ]));
    let config = builder.clone().build().unwrap();
    assert_eq!(config.base_url, "https://ca.api.ovh.com/1.0", "OVH_ENDPOINT wins, and picks the [ovh-ca] section");
    let credentials = config.credentials.unwrap();
    assert_eq!((credentials.application_key.as_str(), credentials.application_secret.expose()), ("file", "env"));
    assert!(credentials.consumer_key.is_none(), "an empty variable counts as unset");

    let explicit = builder.endpoint("http://127.0.0.1:8080/1.0/").application("mine", "secret").build().unwrap();
    assert_eq!(explicit.base_url, "http://127.0.0.1:8080/1.0");
    assert_eq!(explicit.credentials.unwrap().application_key, "mine");
}

#[test]
fn every_endpoint_of_the_table_resolves() {
    for (name, url) in ovh_connectivity_client::ENDPOINTS {
        assert_eq!(ConfigBuilder::new().endpoint(*name).build().unwrap().base_url, *url);
    }
}

#[test]
fn validation_errors_match_the_official_clients() {
    let check = |builder: ConfigBuilder, expected: ConfigError| assert_eq!(builder.build().unwrap_err(), expected);
    check(ConfigBuilder::new(), ConfigError::MissingEndpoint);
    check(ConfigBuilder::new().endpoint("ovh-moon"), ConfigError::UnknownEndpoint("ovh-moon".to_owned()));
    let eu = || ConfigBuilder::new().endpoint("ovh-eu");
    check(eu().env(env(&[("OVH_APPLICATION_KEY", "k")])), ConfigError::KeyWithoutSecret);
    check(eu().env(env(&[("OVH_APPLICATION_SECRET", "s")])), ConfigError::SecretWithoutKey);
    check(eu().consumer_key("c"), ConfigError::ConsumerKeyWithoutApplication);
    check(eu().env(env(&[("OVH_CLIENT_ID", "id")])), ConfigError::IncompleteOAuth2);
    check(
        eu().application("k", "s").env(env(&[("OVH_CLIENT_ID", "i"), ("OVH_CLIENT_SECRET", "s")])),
        ConfigError::BothAuthMethods,
    );
    let mock = || ConfigBuilder::new().endpoint("http://127.0.0.1:8080/1.0");
    check(
        mock().env(env(&[("OVH_CLIENT_ID", "i"), ("OVH_CLIENT_SECRET", "s")])),
        ConfigError::NoTokenUrl("http://127.0.0.1:8080/1.0".to_owned()),
    );
    check(
        ConfigBuilder::new().endpoint("kimsufi-eu").client_credentials("i", "s"),
        ConfigError::NoTokenUrl("kimsufi-eu".to_owned()),
    );
    check(eu().access_token("t").client_credentials("i", "s"), ConfigError::AccessTokenWithOtherCredentials);
    check(eu().access_token("t").application("k", "s"), ConfigError::AccessTokenWithOtherCredentials);
    assert!(matches!(ConfigBuilder::new().endpoint("ftp://x/1.0").build(), Err(ConfigError::InvalidBaseUrl { .. })));
    // A service account: the endpoint's token URL, or the one given.
    let account =
        eu().env(env(&[("OVH_CLIENT_ID", "i"), ("OVH_CLIENT_SECRET", "s")])).build().unwrap().service_account.unwrap();
    assert_eq!(
        (account.client_id.as_str(), account.token_url.as_str()),
        ("i", "https://www.ovh.com/auth/oauth2/token")
    );
    assert_eq!(format!("{account:?}").matches("[redacted]").count(), 1, "{account:?}");
    let given =
        mock().client_credentials("i", "s").env(env(&[("OVH_TOKEN_URL", "http://127.0.0.1:8080/auth/oauth2/token")]));
    assert_eq!(given.build().unwrap().service_account.unwrap().token_url, "http://127.0.0.1:8080/auth/oauth2/token");
    let token = eu().env(env(&[("OVH_ACCESS_TOKEN", "pre-issued")])).build().unwrap();
    assert_eq!(token.access_token.unwrap().expose(), "pre-issued");
    // No credentials at all is fine: most of /connectivity needs none.
    assert!(eu().build().unwrap().credentials.is_none());
}

#[test]
fn a_malformed_file_is_an_error_naming_it() {
    let dir = temp_dir("bad");
    let file = write(&dir, "ovh.conf", "[ovh-eu\napplication_key=x\n");
    let error = ConfigBuilder::new().files(std::slice::from_ref(&file)).unwrap_err();
    assert!(matches!(&error, ConfigError::File { path, .. } if *path == file), "{error:?}");
}

#[test]
fn secrets_never_show_in_debug_output() {
    let config = ConfigBuilder::new()
        .endpoint("ovh-eu")
        .application("app-key", "very-secret")
        .consumer_key("consumer-secret")
        .build()
        .unwrap();
    let debug = format!("{config:?}");
    assert!(debug.contains("app-key"));
    assert!(!debug.contains("very-secret") && !debug.contains("consumer-secret"), "{debug}");
    assert!(debug.contains("[redacted]"));
}
