data "coder_task" "me" {}

resource "coder_agent" "dev" {
  os   = "linux"
  arch = "amd64"
  env = {
    # Empty outside a task.
    TASK_PROMPT = data.coder_task.me.prompt
  }
}

output "running_a_task" {
  value = data.coder_task.me.enabled
}
