package io.salvo.demo.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether a person watches the output, so progress can be a live line instead of log lines. */
public final class Terminal {
    private Terminal() {
    }

    /** True when there is a console that is a terminal (JDK 22+ has a console even when redirected). */
    public static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException beforeJdk22) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
