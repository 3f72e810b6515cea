data "coder_provisioner" "me" {}

resource "coder_agent" "local" {
  os   = data.coder_provisioner.me.os
  arch = data.coder_provisioner.me.arch
}
