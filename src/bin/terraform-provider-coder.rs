//! The Terraform provider binary; Terraform starts it and speaks gRPC to it.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    coderform::logging::init_provider_logging();
    coderform::provider::serve().await
}
