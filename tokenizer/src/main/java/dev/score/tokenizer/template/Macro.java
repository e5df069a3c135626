package dev.score.tokenizer.template;

import java.util.List;
import java.util.Map;

/** A {@code macro} bound to the scope it was defined in; calling it renders its body to a string. */
final class Macro implements PyCallable {
    private final Node.Macro definition;
    private final Scope home;
    private final Renderer renderer;

    Macro(Node.Macro definition, Scope home, Renderer renderer) {
        this.definition = definition;
        this.home = home;
        this.renderer = renderer;
    }

    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        List<String> params = definition.params();
        if (args.size() > params.size()) {
            throw new TemplateException("macro '" + definition.name() + "' takes not more than " + params.size()
                    + " argument(s)");
        }
        Scope scope = new Scope(home);
        int firstDefault = params.size() - definition.defaults().size();
        for (int i = 0; i < params.size(); i++) {
            String name = params.get(i);
            if (i < args.size()) {
                scope.set(name, args.get(i));
            } else if (kwargs.containsKey(name)) {
                scope.set(name, kwargs.get(name));
            } else if (i >= firstDefault) {
                scope.set(name, renderer.evaluate(definition.defaults().get(i - firstDefault), scope));
            } else {
                scope.set(name, new Undefined("parameter '" + name + "' was not provided"));
            }
        }
        for (String name : kwargs.keySet()) {
            if (!params.contains(name)) {
                throw new TemplateException("macro '" + definition.name() + "' takes no keyword argument '"
                        + name + "'");
            }
        }
        StringBuilder out = new StringBuilder();
        renderer.render(definition.body(), scope, out);
        return out.toString();
    }
}
