data "coder_parameter" "gpu" {
  name    = "gpu"
  type    = "bool"
  default = "false"
}

# Builds needing a GPU go to provisioners tagged for it.
data "coder_workspace_tags" "routing" {
  tags = {
    cluster = "eu-west"
    gpu     = data.coder_parameter.gpu.value
  }
}
