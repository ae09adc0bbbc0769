package dev.recordmetric.local;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Fills a template the way Terraform's {@code templatefile(path, vars)} does for the subset a state
 * machine definition uses: {@code ${Name}} is replaced by {@code vars[Name]}, {@code $${} is a
 * literal {@code ${}, {@code %%{} a literal {@code %{}. Stricter than Terraform: every variable
 * must be used, and anything Terraform would evaluate as an expression or a {@code %{...}}
 * directive is refused rather than guessed at.
 */
public final class TemplateFile {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private TemplateFile() {}

    /**
     * Renders {@code template} with {@code vars}.
     *
     * @throws TemplateException naming each placeholder left unfilled, each variable unused, or the
     *     first unsupported construct
     */
    public static String render(String template, Map<String, String> vars) {
        StringBuilder out = new StringBuilder(template.length());
        Set<String> used = new HashSet<>();
        Set<String> missing = new TreeSet<>();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (template.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (template.startsWith("%%{", i)) {
                out.append("%{");
                i += 3;
            } else if (template.startsWith("%{", i)) {
                throw new TemplateException(
                        "template directive at offset " + i + " is not supported: " + excerpt(template, i));
            } else if (template.startsWith("${", i)) {
                int end = template.indexOf('}', i + 2);
                if (end < 0) {
                    throw new TemplateException("unterminated ${ at offset " + i);
                }
                String name = template.substring(i + 2, end).strip();
                if (!IDENTIFIER.matcher(name).matches()) {
                    throw new TemplateException(
                            "only ${Name} placeholders are supported, found " + template.substring(i, end + 1));
                }
                String value = vars.get(name);
                if (value == null) {
                    missing.add(name);
                } else {
                    out.append(value);
                }
                used.add(name);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        Set<String> unused = new TreeSet<>(vars.keySet());
        unused.removeAll(used);
        if (!missing.isEmpty() || !unused.isEmpty()) {
            StringBuilder message = new StringBuilder();
            if (!missing.isEmpty()) {
                message.append("placeholders without a value: ").append(missing);
            }
            if (!unused.isEmpty()) {
                message.append(message.isEmpty() ? "" : "; ").append("variables not used by the template: ").append(unused);
            }
            throw new TemplateException(message.toString());
        }
        return out.toString();
    }

    private static String excerpt(String template, int at) {
        return template.substring(at, Math.min(template.length(), at + 30));
    }

    /** The template and the variables do not match. */
    public static final class TemplateException extends IllegalArgumentException {
        TemplateException(String message) {
            super(message);
        }
    }
}
