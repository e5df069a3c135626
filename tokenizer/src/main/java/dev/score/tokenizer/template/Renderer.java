package dev.score.tokenizer.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Walks a parsed template: statements write to the output, expressions evaluate with Python semantics. */
final class Renderer {
    /** How a statement list ended: normally, or at a {@code break}/{@code continue} for the enclosing loop. */
    enum Flow { NORMAL, BREAK, CONTINUE }

    Flow render(List<Node> nodes, Scope scope, StringBuilder out) {
        for (Node node : nodes) {
            Flow flow = render(node, scope, out);
            if (flow != Flow.NORMAL) {
                return flow;
            }
        }
        return Flow.NORMAL;
    }

    private Flow render(Node node, Scope scope, StringBuilder out) {
        switch (node) {
            case Node.Text t -> out.append(t.text());
            case Node.Output o -> out.append(Values.str(evaluate(o.value(), scope)));
            case Node.If i -> {
                for (int k = 0; k < i.conditions().size(); k++) {
                    if (Values.truthy(evaluate(i.conditions().get(k), scope))) {
                        return render(i.bodies().get(k), scope, out);
                    }
                }
                return render(i.otherwise(), scope, out);
            }
            case Node.For f -> {
                return loop(f, scope, out);
            }
            case Node.Set s -> assign(s, scope);
            case Node.SetBlock s -> {
                StringBuilder body = new StringBuilder();
                render(s.body(), scope, body);
                scope.set(s.target(), body.toString());
            }
            case Node.Macro m -> scope.set(m.name(), new Macro(m, scope, this));
            case Node.FilterBlock f -> {
                StringBuilder body = new StringBuilder();
                Flow flow = render(f.body(), scope, body);
                out.append(Values.str(located(f.filter(), () -> filter(f.filter(), body.toString(), scope))));
                return flow;
            }
            case Node.Generation g -> {
                return render(g.body(), scope, out);
            }
            case Node.Break b -> {
                return Flow.BREAK;
            }
            case Node.Continue c -> {
                return Flow.CONTINUE;
            }
        }
        return Flow.NORMAL;
    }

    private Flow loop(Node.For f, Scope scope, StringBuilder out) {
        List<Object> items = new ArrayList<>();
        for (Object item : Values.iterate(evaluate(f.iterable(), scope))) {
            if (f.filter() == null) {
                items.add(item);
            } else {
                Scope test = new Scope(scope);
                bind(f.targets(), item, test);
                if (Values.truthy(evaluate(f.filter(), test))) {
                    items.add(item);
                }
            }
        }
        if (items.isEmpty()) {
            return render(f.otherwise(), scope, out);
        }
        LoopContext context = new LoopContext(items);
        for (int i = 0; i < items.size(); i++) {
            context.advance(i);
            Scope iteration = new Scope(scope);
            bind(f.targets(), items.get(i), iteration);
            iteration.set("loop", context);
            if (render(f.body(), iteration, out) == Flow.BREAK) {
                break;
            }
        }
        return Flow.NORMAL;
    }

    private static void bind(List<String> targets, Object value, Scope scope) {
        if (targets.size() == 1) {
            scope.set(targets.getFirst(), value);
            return;
        }
        List<Object> parts = Values.iterate(value);
        if (parts.size() != targets.size()) {
            throw new TemplateException((parts.size() < targets.size() ? "not enough" : "too many")
                    + " values to unpack (expected " + targets.size() + ", got " + parts.size() + ")");
        }
        for (int i = 0; i < targets.size(); i++) {
            scope.set(targets.get(i), parts.get(i));
        }
    }

    private void assign(Node.Set s, Scope scope) {
        Object value = evaluate(s.value(), scope);
        if (s.attribute() == null) {
            bind(s.targets(), value, scope);
            return;
        }
        if (!(scope.get(s.targets().getFirst()) instanceof Namespace ns)) {
            throw TemplateException.at(s.line(), "cannot assign attribute on non-namespace object");
        }
        ns.attributes.put(s.attribute(), value);
    }

    /** Evaluates a statement's expression; a failure inside it names the expression's line. */
    Object evaluate(Expr expr, Scope scope) {
        return located(expr, () -> eval(expr, scope));
    }

    private static Object located(Expr expr, Supplier<Object> evaluation) {
        try {
            return evaluation.get();
        } catch (TemplateException e) {
            throw e.locate(expr.line());
        } catch (ClassCastException | ArithmeticException | IndexOutOfBoundsException e) {
            // A value of the wrong type reached a method or filter (Python's TypeError) or an int overflowed
            // a long: still the template's failure, reported as such.
            throw TemplateException.at(expr.line(), "template failed: " + e.getMessage());
        }
    }

    private Object eval(Expr expr, Scope scope) {
        return switch (expr) {
            case Expr.Literal l -> l.value();
            case Expr.Name n -> scope.get(n.name());
            case Expr.Attribute a -> Access.attribute(eval(a.object(), scope), a.name());
            case Expr.Item i -> Access.item(eval(i.object(), scope), eval(i.key(), scope));
            case Expr.Slice s -> Access.slice(eval(s.object(), scope), optional(s.start(), scope),
                    optional(s.stop(), scope), optional(s.step(), scope));
            case Expr.Call c -> call(c, scope);
            case Expr.Filter f -> filter(f, eval(f.value(), scope), scope);
            case Expr.Test t -> Tests.apply(t.name(), eval(t.value(), scope), evalAll(t.args(), scope))
                    != t.negated();
            case Expr.Binary b -> Operators.binary(b.op(), eval(b.left(), scope), eval(b.right(), scope));
            case Expr.Compare c -> compare(c, scope);
            case Expr.Unary u -> Operators.unary(u.op(), eval(u.operand(), scope));
            case Expr.And a -> {
                Object left = eval(a.left(), scope);
                yield Values.truthy(left) ? eval(a.right(), scope) : left;
            }
            case Expr.Or o -> {
                Object left = eval(o.left(), scope);
                yield Values.truthy(left) ? left : eval(o.right(), scope);
            }
            case Expr.Conditional c -> Values.truthy(eval(c.condition(), scope)) ? eval(c.then(), scope)
                    : c.otherwise() == null ? new Undefined("the inline if-expression evaluated to false and no "
                    + "else section was defined") : eval(c.otherwise(), scope);
            case Expr.ListLiteral l -> evalAll(l.items(), scope);
            case Expr.TupleLiteral t -> new Tuple(evalAll(t.items(), scope));
            case Expr.DictLiteral d -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < d.keys().size(); i++) {
                    out.put(eval(d.keys().get(i), scope), eval(d.values().get(i), scope));
                }
                yield out;
            }
        };
    }

    private Object optional(Expr expr, Scope scope) {
        return expr == null ? null : eval(expr, scope);
    }

    private List<Object> evalAll(List<Expr> exprs, Scope scope) {
        List<Object> out = new ArrayList<>(exprs.size());
        exprs.forEach(e -> out.add(eval(e, scope)));
        return out;
    }

    private Map<String, Object> evalKeywords(List<Expr.Keyword> keywords, Scope scope) {
        Map<String, Object> out = new LinkedHashMap<>();
        keywords.forEach(k -> out.put(k.name(), eval(k.value(), scope)));
        return out;
    }

    private Object call(Expr.Call c, Scope scope) {
        Object callee = eval(c.callee(), scope);
        if (callee instanceof Undefined u) {
            throw u.error();
        }
        if (!(callee instanceof PyCallable function)) {
            throw new TemplateException("'" + Values.typeName(callee) + "' object is not callable");
        }
        return function.call(evalAll(c.args(), scope), evalKeywords(c.kwargs(), scope));
    }

    private Object filter(Expr.Filter f, Object value, Scope scope) {
        return Filters.apply(f.name(), value, evalAll(f.args(), scope), evalKeywords(f.kwargs(), scope));
    }

    private Object compare(Expr.Compare c, Scope scope) {
        Object left = eval(c.first(), scope);
        for (int i = 0; i < c.ops().size(); i++) {
            Object right = eval(c.rest().get(i), scope);
            boolean holds = switch (c.ops().get(i)) {
                case "==" -> Values.equal(left, right);
                case "!=" -> !Values.equal(left, right);
                case "<" -> Values.compare(left, right) < 0;
                case ">" -> Values.compare(left, right) > 0;
                case "<=" -> Values.compare(left, right) <= 0;
                case ">=" -> Values.compare(left, right) >= 0;
                case "in" -> Values.contains(right, left);
                case "not in" -> !Values.contains(right, left);
                default -> throw new IllegalStateException(c.ops().get(i));
            };
            if (!holds) {
                return false;
            }
            left = right;
        }
        return true;
    }
}
