package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recordmetric.common.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateFileTest {

    @Test
    void render_replacesPlaceholdersAndHonoursEscapes() {
        String rendered = TemplateFile.render(
                "{\"a\": \"${Name}\", \"b\": \"$${Literal}\", \"c\": \"%%{ if }\", \"d\": \"$$x ${ Name }\"}",
                Map.of("Name", "value"));

        assertThat(rendered).isEqualTo("{\"a\": \"value\", \"b\": \"${Literal}\", \"c\": \"%{ if }\", \"d\": \"$$x value\"}");
    }

    @Test
    void render_whenPlaceholderHasNoValue_failsNamingIt() {
        assertThatThrownBy(() -> TemplateFile.render("${A} ${B} ${C}", Map.of("A", "1")))
                .isInstanceOf(TemplateFile.TemplateException.class)
                .hasMessageContaining("placeholders without a value: [B, C]");
    }

    @Test
    void render_whenVariableUnused_failsNamingIt() {
        assertThatThrownBy(() -> TemplateFile.render("${A}", Map.of("A", "1", "Extra", "2")))
                .isInstanceOf(TemplateFile.TemplateException.class)
                .hasMessageContaining("variables not used by the template: [Extra]");
    }

    @Test
    void render_whenExpressionOrDirective_refusesIt() {
        assertThatThrownBy(() -> TemplateFile.render("${upper(A)}", Map.of("A", "1")))
                .hasMessageContaining("only ${Name} placeholders");
        assertThatThrownBy(() -> TemplateFile.render("%{ if A }x%{ endif }", Map.of("A", "1")))
                .hasMessageContaining("directive");
        assertThatThrownBy(() -> TemplateFile.render("${A", Map.of("A", "1"))).hasMessageContaining("unterminated");
    }

    @Test
    void render_theDefinition_leavesNoPlaceholderAndStaysJson() throws Exception {
        String template = StateMachineFiles.locate().definitionTemplate();

        String rendered = TemplateFile.render(template, Map.of(
                "GetTokenFunctionArn", "arn:aws:lambda:eu-west-1:123456789012:function:gt",
                "ListRunnersFunctionArn", "arn:aws:lambda:eu-west-1:123456789012:function:lr",
                "MetricNamespace", "GitHubRunners",
                "Partition", "aws"));

        assertThat(rendered).doesNotContain("${");
        assertThat(Json.STRICT.readTree(rendered).path("States").size()).isEqualTo(16);
    }
}
