data "coder_external_auth" "github" {
  id = "github"
}

data "coder_external_auth" "gitlab" {
  id       = "gitlab"
  optional = true
}

resource "coder_agent" "dev" {
  os   = "linux"
  arch = "amd64"
  env = {
    GITHUB_TOKEN = data.coder_external_auth.github.access_token
  }
}
