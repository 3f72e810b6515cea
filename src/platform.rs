//! Platform names as Go (and so Terraform and Coder) spell them.

/// Go's GOOS for a Rust OS name.
pub fn go_os(os: &str) -> &str {
    match os {
        "macos" => "darwin",
        other => other,
    }
}

/// Go's GOARCH for a Rust architecture name; 32-bit ARM is `armv7`, as
/// Coder's agent downloads expect.
pub fn go_arch(arch: &str) -> &str {
    match arch {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "arm" => "armv7",
        "x86" => "386",
        other => other,
    }
}

/// The running binary's platform, such as `linux_amd64`.
pub fn current() -> String {
    format!(
        "{}_{}",
        go_os(std::env::consts::OS),
        go_arch(std::env::consts::ARCH)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_go() {
        assert_eq!(go_os("macos"), "darwin");
        assert_eq!(go_os("linux"), "linux");
        assert_eq!(go_arch("x86_64"), "amd64");
        assert_eq!(go_arch("aarch64"), "arm64");
        assert_eq!(go_arch("arm"), "armv7");
    }
}
