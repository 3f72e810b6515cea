resource "coder_agent" "dev" {
  os   = "linux"
  arch = "amd64"
}

resource "coder_metadata" "agent" {
  resource_id = coder_agent.dev.id
  icon        = "/icon/memory.svg"
  daily_cost  = 10

  item {
    key   = "region"
    value = "eu-west-1"
  }
  item {
    key       = "password"
    value     = "hunter2"
    sensitive = true
  }
  item {
    key = "no value yet"
  }
}
