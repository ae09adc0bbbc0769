################################################################################
# The key that seals the GitHub token between GetToken and ListRunners.
# The token travels through the state machine as KMS ciphertext whose encryption
# context is the execution ARN: only GetToken can seal, only ListRunners can unseal,
# and only for an execution of this state machine.
################################################################################

resource "aws_kms_key" "this" {
  count = local.create_kms_key ? 1 : 0

  description             = "Seals the GitHub token between the GetToken and ListRunners functions of ${local.name}."
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.kms_key[0].json
  tags                    = var.tags

  # KMS rejects a key policy whose principals do not exist yet; their ARNs are built from
  # names (main.tf), so the order is said here.
  depends_on = [aws_iam_role.get_token, aws_iam_role.list_runners, aws_iam_role.repair_job_ledger]
}

resource "aws_kms_alias" "this" {
  count = local.create_kms_key ? 1 : 0

  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.this[0].key_id
}

# Deliberate scanner findings: in a key policy "*" is this key, and the account root's kms:* is
# AWS KMS's default key policy statement, which keeps the key manageable; the Deny statements
# below take the token away from everyone else.
#trivy:ignore:AVD-AWS-0057
#tfsec:ignore:aws-iam-no-policy-wildcards
data "aws_iam_policy_document" "kms_key" {
  #checkov:skip=CKV_AWS_109:key policy: "*" is this key; the account root administers it (AWS KMS default key policy)
  #checkov:skip=CKV_AWS_111:key policy: "*" is this key; only GetToken encrypts and only ListRunners decrypts (Deny statements)
  #checkov:skip=CKV_AWS_356:key policy: "*" is this key, the only resource a key policy can name
  count = local.create_kms_key ? 1 : 0

  # In a key policy, "*" as the resource means this key and nothing else. The account root
  # keeps full control so that the key can never become unmanageable (administration,
  # rotation, deletion); what it may not do with the token is denied below.
  statement {
    sid       = "AccountAdministersTheKey"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["${local.arn_prefix}:iam::${local.account_id}:root"]
    }
  }

  # Resource "*" is this key (key policy). GetToken may only encrypt, for an execution of
  # this state machine (or, with job_events, of the repair state machine).
  statement {
    sid       = "GetTokenSealsForAnExecution"
    actions   = ["kms:Encrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.role_arns.get_token_role]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:execution_arn"
      values   = local.token_execution_arn_patterns
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
      identifiers = [local.role_arns.list_runners_role]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:execution_arn"
      values   = [local.execution_arn_pattern]
    }
  }

  # Resource "*" is this key (key policy). With job_events, RepairJobLedger may only decrypt, for
  # an execution of the repair state machine (the token GetToken sealed for it).
  dynamic "statement" {
    for_each = local.job_events_enabled ? [true] : []
    content {
      sid       = "RepairJobLedgerUnsealsForAnExecution"
      actions   = ["kms:Decrypt"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = [local.repair_job_ledger_role_arn]
      }

      condition {
        test     = "StringLike"
        variable = "kms:EncryptionContext:execution_arn"
        values   = [local.repair_execution_arn_pattern]
      }
    }
  }

  # Resource "*" is this key (key policy). The root statement lets IAM policies grant this key,
  # so without these a principal with kms:Decrypt on "*" could open a sealed token (ListRunners,
  # and with job_events RepairJobLedger, are the exceptions). An explicit
  # Deny wins over every Allow (IAM policy evaluation logic). aws:PrincipalArn of a role session
  # is the role's ARN.
  statement {
    sid       = "OnlyListRunnersDecrypts"
    effect    = "Deny"
    actions   = ["kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnNotEquals"
      variable = "aws:PrincipalArn"
      values   = concat([local.role_arns.list_runners_role], local.job_events_enabled ? [local.repair_job_ledger_role_arn] : [])
    }
  }

  # Resource "*" is this key (key policy). Nobody but GetToken makes ciphertext under this key,
  # so ListRunners never unseals a token someone else made.
  statement {
    sid    = "OnlyGetTokenEncrypts"
    effect = "Deny"
    actions = [
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:GenerateDataKeyPair",
      "kms:GenerateDataKeyPairWithoutPlaintext",
      "kms:ReEncryptTo",
    ]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnNotEquals"
      variable = "aws:PrincipalArn"
      values   = [local.role_arns.get_token_role]
    }
  }

  # Resource "*" is this key (key policy). ReEncrypt decrypts inside KMS without kms:Decrypt:
  # re-encrypting a sealed token under another key would open it. Nobody needs it here.
  statement {
    sid       = "NobodyReEncryptsFromThisKey"
    effect    = "Deny"
    actions   = ["kms:ReEncryptFrom"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
