terraform {
  # Terraform 1.3 is the oldest version whose language has everything this module uses:
  # optional() object attributes (1.3, with defaults), startswith() (1.3), preconditions (1.2)
  # and nullable variables (1.1); a test checks that nothing newer creeps in. The module's own
  # tests (tests/*.tftest.hcl) need 1.7 for mock_provider. Only 1.11.4 has been run here.
  required_version = ">= 1.3"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.31 is the oldest the original module's parent allows. Planned for real with 5.100.0;
      # checked against the 6.47.0 schema. 7.x may remove what 6.x deprecates.
      version = ">= 5.31, < 7.0"
    }
  }
}
