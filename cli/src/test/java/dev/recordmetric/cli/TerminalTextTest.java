package dev.recordmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void safe_plainTextAndUnicode_unchanged() {
        String text = "runner-ü-42 ✓ \"quoted\" tab-free";
        assertThat(TerminalText.safe(text)).isSameAs(text);
    }

    @Test
    void safe_c0C1DelAndBidiControls_escapedVisibly() {
        assertThat(TerminalText.safe("a\u001bb\nc\td\u007fe\u009bf\u202eg\u2066h\u200fi"))
                .isEqualTo("a\\x1Bb\\x0Ac\\x09d\\x7Fe\\x9Bf\\u202Eg\\u2066h\\u200Fi");
    }

    @Test
    void safe_null_staysNull() {
        assertThat(TerminalText.safe(null)).isNull();
    }
}
