// The schema check catches each kind of mistake: small bad snippets, one mistake each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSource, providerSchema } from '../lib/terraform.mjs';
import { checkAgainstSchema } from '../lib/schema-check.mjs';

async function check(hcl) {
  const file = await parseSource('snippet.tf', hcl);
  return checkAgainstSchema(file.items, providerSchema(), 'snippet.tf').errors;
}

async function assertOneError(hcl, pattern) {
  const errors = await check(hcl);
  assert.equal(errors.length, 1, `expected one error matching ${pattern}, got ${JSON.stringify(errors)}`);
  assert.match(errors[0], pattern);
}

const SCHEDULE = (extraTarget = '', extra = '') => `
resource "aws_scheduler_schedule" "s" {
  schedule_expression = "rate(1 minute)"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = "arn"
    role_arn = "role"
    ${extraTarget}
  }
  ${extra}
}
`;

test('schema_whenBlocksAreRight_findsNothing', async () => {
  assert.deepEqual(await check(SCHEDULE('retry_policy {\n maximum_retry_attempts = 2\n}')), []);
});

test('schema_whenArgumentIsUnknown_saysUnknownArgument', async () => {
  await assertOneError('resource "aws_sqs_queue" "q" {\n  nmae = "x"\n}\n', /snippet\.tf:2 aws_sqs_queue\.q: unknown argument "nmae"/);
});

test('schema_whenBlockIsUnknown_saysUnknownBlock', async () => {
  await assertOneError('resource "aws_sqs_queue" "q" {\n  redrive {\n  }\n}\n', /unknown block type "redrive"/);
});

test('schema_whenRequiredArgumentIsMissing_namesIt', async () => {
  await assertOneError('resource "aws_sfn_state_machine" "s" {\n  role_arn = "r"\n}\n', /aws_sfn_state_machine\.s: missing required argument "definition"/);
});

test('schema_whenRequiredBlockIsMissing_namesIt', async () => {
  await assertOneError(`
resource "aws_scheduler_schedule" "s" {
  schedule_expression = "rate(1 minute)"
  target {
    arn      = "arn"
    role_arn = "role"
  }
}
`, /missing required block "flexible_time_window"/);
});

test('schema_whenAttributeIsWrittenAsBlock_saysWriteEquals', async () => {
  await assertOneError('resource "aws_sqs_queue" "q" {\n  tags {\n    a = "b"\n  }\n}\n', /"tags" is an attribute, not a block: write `tags = \.\.\.`/);
});

test('schema_whenBlockIsWrittenAsAttribute_saysWriteBraces', async () => {
  await assertOneError(`
resource "aws_lambda_function" "f" {
  function_name  = "f"
  role           = "r"
  logging_config = { log_format = "JSON" }
}
`, /"logging_config" is a block, not an attribute/);
});

test('schema_whenNestedArgumentIsUnknown_givesThePath', async () => {
  await assertOneError(SCHEDULE('retry_policy {\n maximum_retries = 2\n}'), /aws_scheduler_schedule\.s\.target\.retry_policy: unknown argument "maximum_retries"/);
});

test('schema_whenNestedRequiredArgumentIsMissing_givesThePath', async () => {
  await assertOneError(SCHEDULE('dead_letter_config {\n}'), /aws_scheduler_schedule\.s\.target\.dead_letter_config: missing required argument "arn"/);
});

test('schema_whenComputedAttributeIsSet_saysItCannotBe', async () => {
  await assertOneError('resource "aws_sqs_queue" "q" {\n  arn = "x"\n}\n', /"arn" is computed by the provider and cannot be set/);
});

test('schema_whenDeprecatedArgumentIsSet_saysDeprecated', async () => {
  await assertOneError('data "aws_region" "r" {\n  name = "us-east-1"\n}\n', /data\.aws_region\.r: "name" is deprecated/);
});

test('schema_whenBlockRepeatsBeyondMaxItems_saysAtMost', async () => {
  await assertOneError(SCHEDULE('', 'flexible_time_window {\n mode = "OFF"\n}'), /block "flexible_time_window" may appear at most 1 time/);
});

test('schema_whenResourceTypeIsUnknown_saysUnknownType', async () => {
  await assertOneError('resource "aws_lambda_functions" "f" {\n}\n', /unknown resource type aws_lambda_functions/);
});

test('schema_whenDataSourceTypeIsUnknown_saysUnknownType', async () => {
  await assertOneError('data "aws_iam_policy" "p" {\n}\ndata "aws_caller_identities" "c" {\n}\n', /unknown data source type aws_caller_identities/);
});

test('schema_whenMetaArgumentsAndDynamicBlocksAreUsed_acceptsThem', async () => {
  const errors = await check(`
resource "aws_lambda_function" "f" {
  count         = 1
  provider      = aws.other
  depends_on    = [aws_sqs_queue.q]
  function_name = "f"
  role          = "r"

  dynamic "snap_start" {
    for_each = [1]
    iterator = s
    content {
      apply_on = "PublishedVersions"
    }
  }

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [tags]
    precondition {
      condition     = true
      error_message = "never"
    }
  }

  provisioner "local-exec" {
    command = "true"
  }

  connection {
    host = "h"
  }
}

resource "aws_sqs_queue" "q" {
  for_each = toset(["a"])
}
`);
  assert.deepEqual(errors, []);
});

test('schema_whenDynamicGeneratesUnknownBlock_saysUnknown', async () => {
  await assertOneError(`
resource "aws_sqs_queue" "q" {
  dynamic "redrive" {
    for_each = []
    content {
    }
  }
}
`, /dynamic "redrive": unknown block type "redrive"/);
});

test('schema_whenDynamicGeneratesAnAttribute_saysBlocksOnly', async () => {
  await assertOneError(`
resource "aws_sqs_queue" "q" {
  dynamic "tags" {
    for_each = []
    content {
    }
  }
}
`, /"tags" is an attribute, not a block; dynamic generates blocks only/);
});

test('schema_whenDynamicContentHasUnknownArgument_givesThePath', async () => {
  const errors = await check(`
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "r"
  dynamic "snap_start" {
    for_each = [1]
    content {
      apply = "PublishedVersions"
    }
  }
}
`);
  assert.deepEqual(errors, [
    'snippet.tf:8 aws_lambda_function.f.snap_start: unknown argument "apply"',
    'snippet.tf:7 aws_lambda_function.f.snap_start: missing required argument "apply_on"',
  ]);
});

test('schema_whenDynamicHasNoContent_saysSo', async () => {
  await assertOneError(`
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "r"
  dynamic "snap_start" {
    for_each = [1]
  }
}
`, /dynamic block without a content block/);
});

test('schema_whenRequiredBlockComesFromDynamic_acceptsIt', async () => {
  const errors = await check(`
resource "aws_scheduler_schedule" "s" {
  schedule_expression = "rate(1 minute)"
  dynamic "flexible_time_window" {
    for_each = ["OFF"]
    content {
      mode = flexible_time_window.value
    }
  }
  target {
    arn      = "arn"
    role_arn = "role"
  }
}
`);
  assert.deepEqual(errors, []);
});

test('schema_whenLifecycleArgumentIsUnknown_saysSo', async () => {
  await assertOneError('resource "aws_sqs_queue" "q" {\n  lifecycle {\n    prevent_destruction = true\n  }\n}\n', /unknown lifecycle argument "prevent_destruction"/);
});

test('parse_whenArgumentIsSetTwice_theParserRejectsTheFile', async () => {
  await assert.rejects(parseSource('snippet.tf', 'resource "aws_sqs_queue" "q" {\n  tags = {}\n  tags = {}\n}\n'), /Attribute redefined/);
});

test('parse_whenBraceIsUnclosed_theParserRejectsTheFile', async () => {
  await assert.rejects(parseSource('snippet.tf', 'resource "aws_sqs_queue" "q" {\n  name = "q"\n'), /Unclosed configuration block/);
});
