################################################################################
# The key that seals the GitHub token between GetToken and ListRunners.
# The token travels through the state machine as KMS ciphertext whose encryption
# context is the execution ARN: only GetToken can seal, only ListRunners can unseal,
# and only for an execution of this state machine.
################################################################################

resource "aws_kms_key" "this" {
  count = var.kms_key_arn == null ? 1 : 0

  description             = "Seals the GitHub token between the GetToken and ListRunners functions of ${local.name}."
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.kms_key[0].json
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  count = var.kms_key_arn == null ? 1 : 0

  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.this[0].key_id
}

data "aws_iam_policy_document" "kms_key" {
  count = var.kms_key_arn == null ? 1 : 0

  # In a key policy, "*" as the resource means this key and nothing else. The account root
  # keeps full control so that the key can never become unmanageable, and IAM policies can
  # grant access to it (the roles below also get their grant through IAM).
  statement {
    sid       = "AccountAdministersTheKey"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  # Resource "*" is this key (key policy). GetToken may only encrypt, for an execution of
  # this state machine.
  statement {
    sid       = "GetTokenSealsForAnExecution"
    actions   = ["kms:Encrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.get_token.arn]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:execution_arn"
      values   = [local.execution_arn_pattern]
    }
  }

  # Resource "*" is this key (key policy). ListRunners may only decrypt, for an execution of
  # this state machine.
  statement {
    sid       = "ListRunnersUnsealsForAnExecution"
    actions   = ["kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.list_runners.arn]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:execution_arn"
      values   = [local.execution_arn_pattern]
    }
  }
}
