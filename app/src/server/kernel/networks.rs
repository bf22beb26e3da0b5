//! Lists of addresses, networks and host names read from the configuration: what webhooks may
//! reach inside (`MARQUEE_OUTBOUND_ALLOW`) and which proxies are believed about the client
//! (`MARQUEE_TRUSTED_PROXIES`).
use std::net::IpAddr;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Entry {
    Network(IpAddr, u8),
    Host(String),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Networks {
    entries: Vec<Entry>,
}

impl Networks {
    /// Reads a list: addresses (`127.0.0.1`), networks (`10.0.0.0/8`, `fd00::/8`) and host
    /// names, separated by commas or spaces.
    pub fn from_list(text: &str) -> Result<Networks, String> {
        let mut entries = Vec::new();
        for entry in text
            .split([',', ' '])
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            let item = match entry.split_once('/') {
                Some((ip, bits)) => {
                    let ip: IpAddr = ip.parse().map_err(|_| format!("not a network: {entry}"))?;
                    let bits: u8 = bits
                        .parse()
                        .map_err(|_| format!("not a network: {entry}"))?;
                    let max = if ip.is_ipv4() { 32 } else { 128 };
                    if bits > max {
                        return Err(format!("not a network: {entry}"));
                    }
                    Entry::Network(ip, bits)
                }
                None => match entry.parse::<IpAddr>() {
                    Ok(ip) => Entry::Network(ip, if ip.is_ipv4() { 32 } else { 128 }),
                    Err(_) => Entry::Host(entry.trim_end_matches('.').to_ascii_lowercase()),
                },
            };
            entries.push(item);
        }
        Ok(Networks { entries })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether an address or network of the list holds `ip`.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.entries.iter().any(|e| match e {
            Entry::Network(net, bits) => within(ip, canonical(*net), *bits),
            Entry::Host(_) => false,
        })
    }

    /// Whether the list names the host `name`.
    pub fn names_host(&self, name: &str) -> bool {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        self.entries
            .iter()
            .any(|e| matches!(e, Entry::Host(h) if *h == name))
    }
}

/// An IPv4 address written as IPv6 (`::ffff:127.0.0.1`) is the IPv4 address.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

/// Whether `ip` is in the network `net`/`bits`.
pub fn within(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - u32::from(bits))
            };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(bits))
            };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_holds_its_addresses_networks_and_names() {
        let list = Networks::from_list("127.0.0.1, 10.0.0.0/8 fd00::/8 Proxy.Internal.").unwrap();
        let ip = |t: &str| t.parse::<IpAddr>().unwrap();
        assert!(list.contains(ip("127.0.0.1")));
        assert!(list.contains(ip("::ffff:10.200.0.1")));
        assert!(list.contains(ip("fd12::1")));
        assert!(!list.contains(ip("127.0.0.2")));
        assert!(!list.contains(ip("11.0.0.1")));
        assert!(list.names_host("proxy.internal"));
        assert!(Networks::from_list("10.0.0.0/33").is_err());
        assert!(Networks::from_list("1.2.3.4/x").is_err());
        assert!(Networks::from_list("").unwrap().is_empty());
    }
}
