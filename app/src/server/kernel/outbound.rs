//! Requests Marquee makes to an address an administrator typed (webhooks). The name is resolved
//! here and every address it gives is checked: this machine, the private networks, link-local
//! and cloud-metadata addresses are refused unless the configuration's allow-list names them
//! (`MARQUEE_OUTBOUND_ALLOW`: addresses, networks as `10.0.0.0/8`, or host names). Redirects
//! are never followed, so a public address cannot hand the request on to an internal one.
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use super::networks::{canonical, within, Networks};
use std::sync::Arc;
use std::time::Duration;

/// The outgoing-request policy: what the allow-list opens beyond the public internet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outbound {
    allowed: Networks,
}

/// Why a request was not sent, as the delivery log shows it.
pub const REFUSED: &str =
    "refused: the address is internal (this server, a private network or a metadata service)";

impl Outbound {
    /// Reads an allow-list: entries separated by commas or spaces.
    pub fn from_list(text: &str) -> Result<Outbound, String> {
        Ok(Outbound {
            allowed: Networks::from_list(text)?,
        })
    }

    fn allows_host(&self, host: &str) -> bool {
        self.allowed.names_host(host)
    }

    fn allows_address(&self, ip: IpAddr) -> bool {
        !is_internal(ip) || self.allowed.contains(ip)
    }

    /// Whether a request to `url` may be sent as far as its written host says (an address
    /// written out is checked here, a name when it is resolved).
    pub fn permits(&self, url: &reqwest::Url) -> bool {
        let Some(host) = url.host_str() else {
            return false;
        };
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        match bare.parse::<IpAddr>() {
            Ok(ip) => self.allows_address(ip),
            Err(_) => {
                let name = bare.trim_end_matches('.').to_ascii_lowercase();
                self.allows_host(&name) || !(name == "localhost" || name.ends_with(".localhost"))
            }
        }
    }

    /// Whether the allow-list names the host of `url` (its address, a network holding it, or
    /// its name): an administrator opened it on purpose.
    pub fn names(&self, url: &reqwest::Url) -> bool {
        let Some(host) = url.host_str() else {
            return false;
        };
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        match bare.parse::<IpAddr>() {
            Ok(ip) => self.allowed.contains(ip),
            Err(_) => self.allows_host(bare),
        }
    }

    /// A client that resolves names through this policy, never follows a redirect and gives
    /// up after `timeout`.
    pub fn client(&self, timeout: Duration) -> reqwest::Client {
        reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(self.clone()))
            .build()
            .unwrap_or_default()
    }
}

impl reqwest::dns::Resolve for Outbound {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let open: Vec<SocketAddr> = if policy.allows_host(&host) {
                found
            } else {
                found
                    .into_iter()
                    .filter(|a| policy.allows_address(a.ip()))
                    .collect()
            };
            if open.is_empty() {
                return Err(REFUSED.into());
            }
            let addrs: reqwest::dns::Addrs = Box::new(open.into_iter());
            Ok(addrs)
        })
    }
}

/// This machine, private and shared networks, link-local (where cloud metadata lives), and
/// what is no single host at all.
pub fn is_internal(ip: IpAddr) -> bool {
    match canonical(ip) {
        IpAddr::V4(v4) => {
            let net =
                |a: [u8; 4], bits: u8| within(IpAddr::V4(v4), IpAddr::V4(Ipv4Addr::from(a)), bits);
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || net([0, 0, 0, 0], 8)
                || net([100, 64, 0, 0], 10)
                || net([192, 0, 0, 0], 24)
                || net([198, 18, 0, 0], 15)
                || net([240, 0, 0, 0], 4)
        }
        IpAddr::V6(v6) => {
            let net = |a: Ipv6Addr, bits: u8| within(IpAddr::V6(v6), IpAddr::V6(a), bits);
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || net("fc00::".parse().unwrap_or(Ipv6Addr::UNSPECIFIED), 7)
                || net("fe80::".parse().unwrap_or(Ipv6Addr::UNSPECIFIED), 10)
                || net("64:ff9b::".parse().unwrap_or(Ipv6Addr::UNSPECIFIED), 96)
                || net("2002::".parse().unwrap_or(Ipv6Addr::UNSPECIFIED), 16)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn internal_addresses_are_known_in_every_spelling() {
        for inside in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
        ] {
            assert!(is_internal(ip(inside)), "{inside}");
        }
        for outside in [
            "8.8.8.8",
            "203.0.114.1",
            "2001:4860:4860::8888",
            "::ffff:1.1.1.1",
        ] {
            assert!(!is_internal(ip(outside)), "{outside}");
        }
    }

    #[test]
    fn the_allow_list_opens_what_it_names_and_nothing_else() {
        let none = Outbound::default();
        let listed = Outbound::from_list("127.0.0.1, 10.0.0.0/8 hooks.internal").unwrap();
        assert!(!none.allows_address(ip("127.0.0.1")));
        assert!(none.allows_address(ip("8.8.8.8")));
        assert!(listed.allows_address(ip("127.0.0.1")));
        assert!(listed.allows_address(ip("::ffff:10.9.8.7")));
        assert!(!listed.allows_address(ip("192.168.0.1")));
        assert!(listed.allows_host("Hooks.Internal."));
        let url = |u: &str| reqwest::Url::parse(u).unwrap();
        assert!(!none.permits(&url("http://169.254.169.254/latest/meta-data")));
        assert!(!none.permits(&url("http://[::1]:8080/")));
        assert!(!none.permits(&url("http://localhost:3000/")));
        assert!(none.permits(&url("https://oapi.dingtalk.com/robot/send")));
        assert!(listed.permits(&url("http://127.0.0.1:9000/hook")));
        assert!(listed.names(&url("http://127.0.0.1:9000/push")));
        assert!(listed.names(&url("http://hooks.internal/push")));
        assert!(!listed.names(&url("https://push.example.net/x")));
        assert!(!none.names(&url("http://127.0.0.1:9000/push")));
    }

    #[tokio::test]
    async fn a_name_that_resolves_inside_is_refused_when_resolved() {
        use reqwest::dns::Resolve;
        let none = Outbound::default();
        let name: reqwest::dns::Name = "localhost".parse().unwrap();
        assert!(none.resolve(name).await.is_err());
        let listed = Outbound::from_list("127.0.0.0/8, ::1").unwrap();
        let name: reqwest::dns::Name = "localhost".parse().unwrap();
        assert!(listed.resolve(name).await.is_ok());
    }
}
