package dev.score.tokenizer.template;

import java.util.List;

/** The {@code loop} variable inside a {@code for}: position, neighbours and length of the filtered items. */
final class LoopContext {
    private final List<Object> items;
    private int index0;

    LoopContext(List<Object> items) {
        this.items = items;
    }

    void advance(int to) {
        index0 = to;
    }

    long index() {
        return index0 + 1L;
    }

    long length() {
        return items.size();
    }

    Object attribute(String name) {
        int n = items.size();
        return switch (name) {
            case "index" -> index0 + 1L;
            case "index0" -> (long) index0;
            case "revindex" -> (long) (n - index0);
            case "revindex0" -> (long) (n - index0 - 1);
            case "first" -> index0 == 0;
            case "last" -> index0 == n - 1;
            case "length" -> (long) n;
            case "depth" -> 1L;
            case "depth0" -> 0L;
            case "previtem" -> index0 > 0 ? items.get(index0 - 1) : new Undefined("there is no previous item");
            case "nextitem" -> index0 + 1 < n ? items.get(index0 + 1) : new Undefined("there is no next item");
            case "cycle" -> (PyCallable) (args, kwargs) -> {
                if (args.isEmpty()) {
                    throw new TemplateException("no items for cycling given");
                }
                return args.get(index0 % args.size());
            };
            default -> Undefined.attribute(this, name);
        };
    }
}
