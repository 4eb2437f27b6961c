//! The binary's flags for forwarding and recording (`--proxy`, `--record` and theirs), and the
//! credentials file's entries, which `--credentials` and `--upstream-credentials` share.

use std::path::PathBuf;
use std::time::Duration;

use ovh_connectivity_mock::{
    Credentials, MockConfig, ProxyConfig, RecordConfig, UpstreamCredentials, default_token_url,
};

/// The credentials of a credentials file (a JSON array of application keys and service
/// accounts, at least one), read by the core's [`Credentials::from_json`].
pub(crate) fn read_credentials(file: &PathBuf) -> Result<Credentials, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    Credentials::from_json(&text).map_err(|e| format!("{}: {e}", file.display()))
}

/// TLS that trusts the certificates of the PEM file `file`, and them alone.
fn trusting(file: &PathBuf) -> Result<rustls::ClientConfig, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let text = std::fs::read(file).map_err(|e| format!("--upstream-ca {}: {e}", file.display()))?;
    let mut roots = rustls::RootCertStore::empty();
    for certificate in CertificateDer::pem_slice_iter(&text) {
        let certificate =
            certificate.map_err(|e| format!("--upstream-ca {}: not PEM certificates: {e}", file.display()))?;
        roots.add(certificate).map_err(|e| format!("--upstream-ca {}: {e}", file.display()))?;
    }
    if roots.is_empty() {
        return Err(format!("--upstream-ca {}: no certificate in the file", file.display()));
    }
    rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map(|builder| builder.with_root_certificates(roots).with_no_client_auth())
        .map_err(|e| format!("TLS: {e}"))
}

/// Forwarding to the real API, and recording what it answers.
#[derive(Debug, clap::Args)]
pub(crate) struct ProxyArgs {
    /// Forward requests no fixture covers to this API base URL instead of answering them from
    /// the world (`https://eu.api.ovh.com/1.0`). Routes marked noAuthentication go as they
    /// are; a Bearer token is passed on; an application-key signature is made again with
    /// --upstream-credentials, or refused. The mock's own token endpoint is never forwarded.
    #[arg(long, value_name = "URL")]
    proxy: Option<String>,

    /// Forward every API request to --proxy, fixtures or not.
    #[arg(long, requires = "proxy")]
    proxy_all: bool,

    /// A credentials file (the format of --credentials; the first entry is used) to sign
    /// forwarded calls the caller signed with an application key: an application key signs
    /// them, a service account gets a token from --upstream-token-url.
    #[arg(long, value_name = "FILE", requires = "proxy")]
    upstream_credentials: Option<PathBuf>,

    /// Where a service account of --upstream-credentials gets its tokens. Default: the
    /// official token URL of --proxy's endpoint (https://www.ovh.com/auth/oauth2/token for
    /// eu.api.ovh.com), else /auth/oauth2/token at --proxy's host.
    #[arg(long, value_name = "URL", requires = "upstream_credentials")]
    upstream_token_url: Option<String>,

    /// A PEM file of the certificates to trust for an https:// --proxy, instead of Mozilla's
    /// roots: a company's TLS-inspecting proxy's, or a test server's.
    #[arg(long, value_name = "FILE", requires = "proxy")]
    upstream_ca: Option<PathBuf>,

    /// Seconds a forwarded call may take, answer included; past them the caller gets a 504.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, requires = "proxy")]
    upstream_timeout: u64,

    /// Write every forwarded exchange into this folder as a fixture (the built-in layout:
    /// search/cities/44000.json), for --fixtures DIR --only --strict to replay. Headers,
    /// tokens and credentials are never written.
    #[arg(long, value_name = "DIR", requires = "proxy")]
    record: Option<PathBuf>,

    /// The most `pending` answers a recorded task keeps before its final answer.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "record")]
    record_pending: u32,

    /// Keep an earlier recording of the same request (the new one is skipped) instead of
    /// replacing it.
    #[arg(long, requires = "record")]
    record_keep: bool,

    /// Mask what recorded answers say about people: `owner` replaces each owner name
    /// (ownerName) with a mask, the same name the same mask in every file of the run. The
    /// requests, which a replay matches on, are never changed.
    #[arg(long, value_name = "WHAT", value_parser = ["owner"], requires = "record")]
    redact: Vec<String>,
}

impl ProxyArgs {
    /// Sets what the flags say on `config`.
    pub(crate) fn apply(self, config: &mut MockConfig) -> Result<(), String> {
        let Some(upstream) = self.proxy else { return Ok(()) };
        let parsed: http::Uri = upstream.parse().map_err(|e| format!("--proxy `{upstream}`: {e}"))?;
        if !matches!(parsed.scheme_str(), Some("http" | "https")) || parsed.host().is_none() {
            return Err(format!(
                "--proxy `{upstream}`: expected an http:// or https:// URL, such as https://eu.api.ovh.com/1.0"
            ));
        }
        let base = parsed.path().trim_end_matches('/');
        if !(base.ends_with("/1.0") || base.ends_with("/v1")) {
            return Err(format!(
                "--proxy `{upstream}`: name the API's base, ending in /1.0 or /v1, such as https://eu.api.ovh.com/1.0 \
                 (requests are forwarded under it: /connectivity/... is appended)"
            ));
        }
        if let Some(url) = &self.upstream_token_url {
            let parsed: Option<http::Uri> = url.parse().ok();
            if !parsed
                .as_ref()
                .is_some_and(|uri| matches!(uri.scheme_str(), Some("http" | "https")) && uri.host().is_some())
            {
                return Err(format!(
                    "--upstream-token-url `{url}`: expected an http:// or https:// URL, such as https://www.ovh.com/auth/oauth2/token"
                ));
            }
        }
        let credentials = match &self.upstream_credentials {
            None => None,
            // An application key if the file has one, else its first service account.
            Some(file) => {
                let credentials = read_credentials(file)?;
                match (credentials.applications.into_iter().next(), credentials.service_accounts.into_iter().next()) {
                    (Some(credential), _) => Some(UpstreamCredentials::Application(credential)),
                    (None, Some(account)) => Some(UpstreamCredentials::Service {
                        account,
                        token_url: self.upstream_token_url.clone().unwrap_or_else(|| default_token_url(&upstream)),
                    }),
                    (None, None) => None,
                }
            }
        };
        let mut proxy = ProxyConfig::new(upstream);
        proxy.all = self.proxy_all;
        proxy.can_sign = credentials.is_some();
        config.proxy = Some(proxy);
        config.upstream.credentials = credentials;
        config.upstream.timeout = Duration::from_secs(self.upstream_timeout.max(1));
        if let Some(file) = &self.upstream_ca {
            config.upstream.tls = Some(trusting(file)?);
        }
        if let Some(dir) = self.record {
            std::fs::create_dir_all(&dir).map_err(|e| format!("--record {}: {e}", dir.display()))?;
            let mut record = RecordConfig::new(dir.display().to_string());
            record.max_pending = self.record_pending;
            record.redact_owner = self.redact.iter().any(|what| what == "owner");
            config.record = Some(record);
            config.record_dir = Some(dir);
            config.record_keep = self.record_keep;
        }
        Ok(())
    }
}
