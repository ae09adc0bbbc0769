package dev.recordmetric.cli;

import dev.recordmetric.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of what the report writes: the run's own token or private key, anything
 * shaped like a GitHub token or a PEM private key, and GetToken's sealed token shortened (it is
 * KMS ciphertext, but there is no reason to show it whole).
 *
 * @param secrets exact strings never to write
 */
record Redactor(List<String> secrets) {

    static final String REDACTED = "[redacted]";
    private static final int SEALED_SHOWN = 12;
    private static final int MIN_SECRET_LENGTH = 8;
    /**
     * A GitHub token runs from its prefix to the first character that ends a word in text, JSON or
     * HTML: its length and alphabet are GitHub's to change (installation tokens became
     * {@code ghs_<app id>_<JWT>}, about 520 characters with '.' and '-', "Generating an installation
     * access token for a GitHub App").
     */
    private static final Pattern CREDENTIAL_SHAPES = Pattern.compile(
            "\\b(?:gh[pousr]_|github_pat_)[^\\s\"'`<>&,;()\\[\\]{}\\\\]{16,}"
                    + "|-----BEGIN [A-Z ]*PRIVATE KEY-----(?s:.*?)(?:-----END [A-Z ]*PRIVATE KEY-----|$)");

    Redactor {
        secrets = List.copyOf(secrets);
    }

    /** Never writes {@code secret} (a token or a PEM file's text, may be null), nor a PEM's key lines. */
    static Redactor of(String secret) {
        List<String> secrets = new ArrayList<>();
        if (secret != null && !secret.isBlank()) {
            secrets.add(secret.strip());
            for (String line : secret.split("\\R")) {
                String key = line.strip();
                if (key.length() >= MIN_SECRET_LENGTH && !key.startsWith("-----")) {
                    secrets.add(key);
                }
            }
        }
        return new Redactor(secrets);
    }

    String text(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, REDACTED);
        }
        return CREDENTIAL_SHAPES.matcher(out).replaceAll(REDACTED);
    }

    /** A copy of {@code json} with every string redacted and every {@code sealedToken} shortened. */
    JsonNode json(JsonNode json) {
        if (json == null) {
            return null;
        }
        if (json.isTextual()) {
            return TextNode.valueOf(text(json.asText()));
        }
        if (json.isArray()) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            json.forEach(item -> copy.add(json(item)));
            return copy;
        }
        if (json.isObject()) {
            ObjectNode copy = Json.MAPPER.createObjectNode();
            for (Map.Entry<String, JsonNode> field : json.properties()) {
                JsonNode value = field.getValue();
                copy.set(text(field.getKey()), field.getKey().equals("sealedToken") && value.isTextual()
                        ? TextNode.valueOf(sealed(value.asText()))
                        : json(value));
            }
            return copy;
        }
        return json;
    }

    private static String sealed(String ciphertext) {
        return ciphertext.length() <= SEALED_SHOWN ? ciphertext
                : ciphertext.substring(0, SEALED_SHOWN) + "… (" + ciphertext.length() + " characters of KMS ciphertext)";
    }
}
