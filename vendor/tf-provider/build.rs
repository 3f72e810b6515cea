fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Patched: a machine without protoc builds with the compiler shipped by
    // protoc-bin-vendored, so no manual install step is needed.
    let protoc = match std::env::var_os("PROTOC") {
        Some(path) => path.into(),
        None => protoc_bin_vendored::protoc_bin_path()?,
    };
    let mut config = tonic_build::Config::new();
    config.protoc_executable(protoc);
    tonic_build::configure()
        .protoc_arg("--experimental_allow_proto3_optional")
        .build_client(false)
        .compile_protos_with_config(
            config,
            &["proto/plugin.proto", "proto/tfplugin6.5.proto"],
            &["proto"],
        )?;
    Ok(())
}
