# The jars `./mvnw -B package -DskipTests` builds at the repository root, for a plan or apply
# from a checkout: terraform apply -var-file=from-source.tfvars ...
get_token_package    = { path = "../../../functions/get-token/target/get-token.jar" }
list_runners_package = { path = "../../../functions/list-runners/target/list-runners.jar" }
job_events_package   = { path = "../../../functions/job-events/target/job-events.jar" }
