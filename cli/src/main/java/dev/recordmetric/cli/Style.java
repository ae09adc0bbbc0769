package dev.recordmetric.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * How output looks: ANSI colour and redrawn progress lines only on a terminal, plain text when
 * piped, when {@code NO_COLOR} is set, or when {@code TERM=dumb}.
 *
 * @param color whether to emit ANSI colour
 * @param interactive whether stdout is a terminal (progress lines may be redrawn)
 */
record Style(boolean color, boolean interactive) {

    static final Style PLAIN = new Style(false, false);

    /** Decides from the console and the environment. */
    static Style detect(Map<String, String> env) {
        boolean terminal = isTerminal();
        boolean noColor = env.containsKey("NO_COLOR") && !env.get("NO_COLOR").isEmpty();
        boolean dumb = "dumb".equals(env.get("TERM"));
        return new Style(terminal && !noColor && !dumb, terminal && !dumb);
    }

    /** System.console() is not null on a terminal; from JDK 22 it may be, so ask isTerminal() too. */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    String green(String text) {
        return paint("32", text);
    }

    String red(String text) {
        return paint("31", text);
    }

    String yellow(String text) {
        return paint("33", text);
    }

    String cyan(String text) {
        return paint("36", text);
    }

    String dim(String text) {
        return paint("2", text);
    }

    String bold(String text) {
        return paint("1", text);
    }

    private String paint(String code, String text) {
        return color ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
