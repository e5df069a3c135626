package dev.score.tokenizer.template;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The functions every template sees: jinja2's {@code range}, {@code namespace} and {@code dict}, and Hugging
 * Face's {@code raise_exception} and {@code strftime_now}.
 */
final class Globals {
    private Globals() {
    }

    static void install(Scope scope) {
        scope.set("range", (PyCallable) Globals::range);
        scope.set("namespace", (PyCallable) Globals::namespace);
        scope.set("dict", (PyCallable) (args, kwargs) -> {
            Map<Object, Object> out = new LinkedHashMap<>();
            if (!args.isEmpty() && args.getFirst() instanceof Map<?, ?> m) {
                out.putAll(m);
            }
            out.putAll(kwargs);
            return out;
        });
        scope.set("raise_exception", (PyCallable) (args, kwargs) -> {
            throw TemplateException.raised(Values.str(new Arguments("raise_exception", args, kwargs)
                    .required(0, "message")));
        });
        scope.set("strftime_now", (PyCallable) (args, kwargs) -> strftime(Values.str(
                new Arguments("strftime_now", args, kwargs).required(0, "format")), LocalDateTime.now()));
    }

    private static Object range(List<Object> args, Map<String, Object> kwargs) {
        long start = 0;
        long stop;
        long step = 1;
        Arguments a = new Arguments("range", args, kwargs);
        if (args.size() == 1) {
            stop = a.integer(0, "stop", 0);
        } else {
            start = a.integer(0, "start", 0);
            stop = a.integer(1, "stop", 0);
            step = a.integer(2, "step", 1);
        }
        if (step == 0) {
            throw new TemplateException("range() arg 3 must not be zero");
        }
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add(i);
        }
        return out;
    }

    private static Object namespace(List<Object> args, Map<String, Object> kwargs) {
        Namespace ns = new Namespace();
        if (!args.isEmpty() && args.getFirst() instanceof Map<?, ?> m) {
            ns.attributes.putAll(m);
        }
        ns.attributes.putAll(kwargs);
        return ns;
    }

    /** C's strftime for the directives chat templates use (%d %b %Y and their kin), in English. */
    static String strftime(String format, LocalDateTime t) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char d = format.charAt(++i);
            out.append(switch (d) {
                case 'd' -> String.format("%02d", t.getDayOfMonth());
                case 'm' -> String.format("%02d", t.getMonthValue());
                case 'Y' -> String.valueOf(t.getYear());
                case 'y' -> String.format("%02d", t.getYear() % 100);
                case 'H' -> String.format("%02d", t.getHour());
                case 'I' -> String.format("%02d", (t.getHour() + 11) % 12 + 1);
                case 'M' -> String.format("%02d", t.getMinute());
                case 'S' -> String.format("%02d", t.getSecond());
                case 'p' -> t.getHour() < 12 ? "AM" : "PM";
                case 'j' -> String.format("%03d", t.getDayOfYear());
                case 'b' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case '%' -> "%";
                default -> "%" + d;
            });
        }
        return out.toString();
    }
}
