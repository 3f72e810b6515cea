data "coder_secret" "npm" {
  env          = "NPM_TOKEN"
  help_message = "Add an npm token as a secret named NPM_TOKEN in your Coder account."
}

data "coder_secret" "aws" {
  file         = "~/.aws/credentials"
  help_message = "Store your AWS credentials file as a secret."
}

resource "coder_agent" "dev" {
  os   = "linux"
  arch = "amd64"
  env = {
    NPM_TOKEN = data.coder_secret.npm.value
  }
}

resource "coder_env" "aws" {
  agent_id = coder_agent.dev.id
  name     = "AWS_CREDENTIALS"
  value    = data.coder_secret.aws.value
}
