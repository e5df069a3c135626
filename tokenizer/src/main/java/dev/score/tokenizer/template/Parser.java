package dev.score.tokenizer.template;

import dev.score.tokenizer.template.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds statements from the lexer's tokens; expressions follow jinja2's grammar and precedence. */
final class Parser {
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", ">", "<=", ">=");
    private static final Set<String> ARGUMENT_STARTS = Set.of("(", "[", "{");

    private final List<Token> tokens;
    private int at;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<Node> parse(String source, boolean trimBlocks, boolean lstripBlocks) {
        Parser parser = new Parser(Lexer.tokenize(source, trimBlocks, lstripBlocks));
        return parser.body(Set.of(), null, 0);
    }

    // ---- statements

    /** Parses until one of {@code ends} opens a tag (left unconsumed, after its '{%'), or the end of the template. */
    private List<Node> body(Set<String> ends, String block, int blockLine) {
        List<Node> nodes = new ArrayList<>();
        while (true) {
            Token t = next();
            switch (t.kind()) {
                case TEXT -> nodes.add(new Node.Text(t.text()));
                case VARIABLE_BEGIN -> {
                    nodes.add(new Node.Output(tuple(true)));
                    expectKind(Kind.VARIABLE_END, "'}}'");
                }
                case BLOCK_BEGIN -> {
                    Token name = peek();
                    if (name.kind() == Kind.NAME && ends.contains(name.text())) {
                        return nodes;
                    }
                    nodes.add(statement());
                }
                case EOF -> {
                    if (block != null) {
                        throw TemplateException.at(t.line(), "unexpected end of template: expected "
                                + String.join(" or ", ends.stream().sorted().map(e -> "'" + e + "'").toList())
                                + " to close the '" + block + "' block opened on line " + blockLine);
                    }
                    return nodes;
                }
                default -> throw TemplateException.at(t.line(), "unexpected " + t.describe());
            }
        }
    }

    private Node statement() {
        Token keyword = next();
        if (keyword.kind() != Kind.NAME) {
            throw TemplateException.at(keyword.line(), "expected a tag name, got " + keyword.describe());
        }
        return switch (keyword.text()) {
            case "if" -> ifStatement(keyword.line());
            case "for" -> forStatement(keyword.line());
            case "set" -> setStatement(keyword.line());
            case "macro" -> macro(keyword.line());
            case "filter" -> filterBlock(keyword.line());
            case "generation" -> {
                endTag();
                List<Node> body = body(Set.of("endgeneration"), "generation", keyword.line());
                closing();
                yield new Node.Generation(body);
            }
            case "break" -> {
                endTag();
                yield new Node.Break();
            }
            case "continue" -> {
                endTag();
                yield new Node.Continue();
            }
            default -> throw TemplateException.at(keyword.line(), "unknown tag '" + keyword.text() + "'");
        };
    }

    private Node ifStatement(int line) {
        List<Expr> conditions = new ArrayList<>();
        List<List<Node>> bodies = new ArrayList<>();
        conditions.add(tuple(true));
        endTag();
        Set<String> ends = Set.of("elif", "else", "endif");
        while (true) {
            bodies.add(body(ends, "if", line));
            String tag = next().text();
            if (tag.equals("elif")) {
                conditions.add(tuple(true));
                endTag();
            } else if (tag.equals("else")) {
                endTag();
                List<Node> otherwise = body(Set.of("endif"), "if", line);
                closing();
                return new Node.If(conditions, bodies, otherwise);
            } else {
                endTag();
                return new Node.If(conditions, bodies, List.of());
            }
        }
    }

    private Node forStatement(int line) {
        List<String> targets = names("in");
        expectName("in");
        Expr iterable = tuple(false);
        Expr filter = null;
        if (peek().isName("if")) {
            next();
            filter = expression(true);
        }
        endTag();
        List<Node> body = body(Set.of("else", "endfor"), "for", line);
        List<Node> otherwise = List.of();
        if (next().text().equals("else")) {
            endTag();
            otherwise = body(Set.of("endfor"), "for", line);
            next();
        }
        endTag();
        return new Node.For(targets, iterable, filter, body, otherwise);
    }

    private Node setStatement(int line) {
        Token first = peek();
        if (first.kind() == Kind.NAME && tokens.get(at + 1).isOperator(".")) {
            next();
            next();
            String attribute = expectKind(Kind.NAME, "an attribute name").text();
            expectOperator("=");
            Expr value = tuple(true);
            endTag();
            return new Node.Set(List.of(first.text()), attribute, value, line);
        }
        List<String> targets = names("=");
        if (peek().kind() == Kind.BLOCK_END && targets.size() == 1) {
            endTag();
            List<Node> body = body(Set.of("endset"), "set", line);
            closing();
            return new Node.SetBlock(targets.getFirst(), body);
        }
        expectOperator("=");
        Expr value = tuple(true);
        endTag();
        return new Node.Set(targets, null, value, line);
    }

    private Node macro(int line) {
        String name = expectKind(Kind.NAME, "a macro name").text();
        expectOperator("(");
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        while (!peek().isOperator(")")) {
            if (!params.isEmpty()) {
                expectOperator(",");
                if (peek().isOperator(")")) {
                    break;
                }
            }
            params.add(expectKind(Kind.NAME, "a parameter name").text());
            if (peek().isOperator("=")) {
                next();
                defaults.add(expression(true));
            } else if (!defaults.isEmpty()) {
                throw TemplateException.at(peek().line(), "expected a default for parameter '" + params.getLast()
                        + "' (it follows one with a default)");
            }
        }
        next();
        endTag();
        List<Node> body = body(Set.of("endmacro"), "macro", line);
        closing();
        return new Node.Macro(name, params, defaults, body);
    }

    private Node filterBlock(int line) {
        Expr.Filter filter = filter(new Expr.Literal(null, line));
        endTag();
        List<Node> body = body(Set.of("endfilter"), "filter", line);
        closing();
        return new Node.FilterBlock(filter, body);
    }

    /** Consumes an end tag's name (already known to be there) and its '%}'. */
    private void closing() {
        next();
        endTag();
    }

    private List<String> names(String terminator) {
        List<String> names = new ArrayList<>();
        boolean parenthesized = peek().isOperator("(");
        if (parenthesized) {
            next();
        }
        names.add(expectKind(Kind.NAME, "a variable name").text());
        while (peek().isOperator(",")) {
            next();
            if (peek().kind() != Kind.NAME || peek().isName(terminator)) {
                break;
            }
            names.add(next().text());
        }
        if (parenthesized) {
            expectOperator(")");
        }
        return names;
    }

    // ---- expressions, loosest first

    /** A tuple when commas follow (as {@code {{ a, b }}}), else the one expression. */
    private Expr tuple(boolean withConditional) {
        int line = peek().line();
        Expr first = expression(withConditional);
        if (!peek().isOperator(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (peek().isOperator(",")) {
            next();
            if (endsTuple(peek())) {
                break;
            }
            items.add(expression(withConditional));
        }
        return new Expr.TupleLiteral(items, line);
    }

    private static boolean endsTuple(Token t) {
        return t.kind() == Kind.VARIABLE_END || t.kind() == Kind.BLOCK_END || t.isOperator(")") || t.isName("if");
    }

    private Expr expression(boolean withConditional) {
        return withConditional ? conditional() : or();
    }

    private Expr conditional() {
        Expr value = or();
        while (peek().isName("if")) {
            int line = next().line();
            Expr condition = or();
            Expr otherwise = null;
            if (peek().isName("else")) {
                next();
                otherwise = conditional();
            }
            value = new Expr.Conditional(condition, value, otherwise, line);
        }
        return value;
    }

    private Expr or() {
        Expr left = and();
        while (peek().isName("or")) {
            int line = next().line();
            left = new Expr.Or(left, and(), line);
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (peek().isName("and")) {
            int line = next().line();
            left = new Expr.And(left, not(), line);
        }
        return left;
    }

    private Expr not() {
        if (peek().isName("not")) {
            int line = next().line();
            return new Expr.Unary("not", not(), line);
        }
        return compare();
    }

    private Expr compare() {
        int line = peek().line();
        Expr first = sum();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.OPERATOR && COMPARISONS.contains(t.text())) {
                next();
                ops.add(t.text());
            } else if (t.isName("in")) {
                next();
                ops.add("in");
            } else if (t.isName("not") && tokens.get(at + 1).isName("in")) {
                next();
                next();
                ops.add("not in");
            } else {
                break;
            }
            rest.add(sum());
        }
        return ops.isEmpty() ? first : new Expr.Compare(first, ops, rest, line);
    }

    private Expr sum() {
        Expr left = concat();
        while (peek().isOperator("+") || peek().isOperator("-")) {
            Token op = next();
            left = new Expr.Binary(op.text(), left, concat(), op.line());
        }
        return left;
    }

    private Expr concat() {
        Expr left = product();
        while (peek().isOperator("~")) {
            Token op = next();
            left = new Expr.Binary("~", left, product(), op.line());
        }
        return left;
    }

    private Expr product() {
        Expr left = power();
        while (peek().isOperator("*") || peek().isOperator("/") || peek().isOperator("//")
                || peek().isOperator("%")) {
            Token op = next();
            left = new Expr.Binary(op.text(), left, power(), op.line());
        }
        return left;
    }

    private Expr power() {
        Expr left = unary(true);
        while (peek().isOperator("**")) {
            Token op = next();
            left = new Expr.Binary("**", left, unary(true), op.line());
        }
        return left;
    }

    /** As jinja2: the sign applies to a bare operand, and filters after it apply to the signed value. */
    private Expr unary(boolean withFilters) {
        Token t = peek();
        Expr value;
        if (t.isOperator("-") || t.isOperator("+")) {
            next();
            value = new Expr.Unary(t.text(), unary(false), t.line());
        } else {
            value = postfix(primary());
        }
        return withFilters ? filters(value) : value;
    }

    private Expr primary() {
        Token t = next();
        return switch (t.kind()) {
            case NAME -> switch (t.text()) {
                case "true", "True" -> new Expr.Literal(true, t.line());
                case "false", "False" -> new Expr.Literal(false, t.line());
                case "none", "None" -> new Expr.Literal(null, t.line());
                default -> new Expr.Name(t.text(), t.line());
            };
            case STRING -> {
                StringBuilder s = new StringBuilder(t.text());
                while (peek().kind() == Kind.STRING) {
                    s.append(next().text());
                }
                yield new Expr.Literal(s.toString(), t.line());
            }
            case INTEGER -> new Expr.Literal(integer(t), t.line());
            case FLOAT -> new Expr.Literal(Double.parseDouble(t.text()), t.line());
            case OPERATOR -> switch (t.text()) {
                case "(" -> parenthesized(t.line());
                case "[" -> new Expr.ListLiteral(sequence("]"), t.line());
                case "{" -> dict(t.line());
                default -> throw TemplateException.at(t.line(), "expected an expression, got " + t.describe());
            };
            default -> throw TemplateException.at(t.line(), "expected an expression, got " + t.describe());
        };
    }

    /** Python ints are unbounded; this interpreter's are longs, so a larger literal is refused when parsed. */
    private static long integer(Token t) {
        try {
            return Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            throw TemplateException.at(t.line(), "integer literal " + t.text() + " does not fit in 64 bits");
        }
    }

    private Expr parenthesized(int line) {
        if (peek().isOperator(")")) {
            next();
            return new Expr.TupleLiteral(List.of(), line);
        }
        Expr first = expression(true);
        if (peek().isOperator(")")) {
            next();
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (peek().isOperator(",")) {
            next();
            if (peek().isOperator(")")) {
                break;
            }
            items.add(expression(true));
        }
        expectOperator(")");
        return new Expr.TupleLiteral(items, line);
    }

    private List<Expr> sequence(String close) {
        List<Expr> items = new ArrayList<>();
        while (!peek().isOperator(close)) {
            if (!items.isEmpty()) {
                expectOperator(",");
                if (peek().isOperator(close)) {
                    break;
                }
            }
            items.add(expression(true));
        }
        next();
        return items;
    }

    private Expr dict(int line) {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!peek().isOperator("}")) {
            if (!keys.isEmpty()) {
                expectOperator(",");
                if (peek().isOperator("}")) {
                    break;
                }
            }
            keys.add(expression(true));
            expectOperator(":");
            values.add(expression(true));
        }
        next();
        return new Expr.DictLiteral(keys, values, line);
    }

    private Expr postfix(Expr value) {
        while (true) {
            Token t = peek();
            if (t.isOperator(".")) {
                next();
                Token name = next();
                if (name.kind() == Kind.NAME) {
                    value = new Expr.Attribute(value, name.text(), t.line());
                } else if (name.kind() == Kind.INTEGER) {
                    value = new Expr.Item(value, new Expr.Literal(integer(name), t.line()), t.line());
                } else {
                    throw TemplateException.at(t.line(), "expected an attribute name after '.', got "
                            + name.describe());
                }
            } else if (t.isOperator("[")) {
                next();
                value = subscript(value, t.line());
            } else if (t.isOperator("(")) {
                value = call(value);
            } else {
                return value;
            }
        }
    }

    private Expr subscript(Expr value, int line) {
        Expr start = peek().isOperator(":") ? null : expression(true);
        if (peek().isOperator(",") && start != null) {
            List<Expr> items = new ArrayList<>(List.of(start));
            while (peek().isOperator(",")) {
                next();
                if (peek().isOperator("]")) {
                    break;
                }
                items.add(expression(true));
            }
            start = new Expr.TupleLiteral(items, line);
        }
        if (peek().isOperator("]")) {
            next();
            return new Expr.Item(value, start, line);
        }
        expectOperator(":");
        Expr stop = peek().isOperator(":") || peek().isOperator("]") ? null : expression(true);
        Expr step = null;
        if (peek().isOperator(":")) {
            next();
            step = peek().isOperator("]") ? null : expression(true);
        }
        expectOperator("]");
        return new Expr.Slice(value, start, stop, step, line);
    }

    private Expr call(Expr callee) {
        int line = next().line();
        List<Expr> args = new ArrayList<>();
        List<Expr.Keyword> kwargs = new ArrayList<>();
        arguments(args, kwargs);
        return new Expr.Call(callee, args, kwargs, line);
    }

    /** Reads call arguments after '(' through ')'. */
    private void arguments(List<Expr> args, List<Expr.Keyword> kwargs) {
        boolean first = true;
        while (!peek().isOperator(")")) {
            if (!first) {
                expectOperator(",");
                if (peek().isOperator(")")) {
                    break;
                }
            }
            first = false;
            if (peek().kind() == Kind.NAME && tokens.get(at + 1).isOperator("=")) {
                String name = next().text();
                next();
                kwargs.add(new Expr.Keyword(name, expression(true)));
            } else if (!kwargs.isEmpty()) {
                throw TemplateException.at(peek().line(), "expected a keyword argument (a positional one follows one)");
            } else {
                args.add(expression(true));
            }
        }
        next();
    }

    private Expr filters(Expr value) {
        while (true) {
            Token t = peek();
            if (t.isOperator("|")) {
                next();
                value = filter(value);
            } else if (t.isName("is")) {
                next();
                value = test(value, t.line());
            } else if (t.isOperator("(")) {
                value = call(value);
            } else {
                return value;
            }
        }
    }

    private Expr.Filter filter(Expr value) {
        Token name = expectKind(Kind.NAME, "a filter name");
        StringBuilder full = new StringBuilder(name.text());
        while (peek().isOperator(".")) {
            next();
            full.append('.').append(expectKind(Kind.NAME, "a filter name").text());
        }
        if (!Filters.exists(full.toString())) {
            throw TemplateException.at(name.line(), "no filter named '" + full + "'");
        }
        List<Expr> args = new ArrayList<>();
        List<Expr.Keyword> kwargs = new ArrayList<>();
        if (peek().isOperator("(")) {
            next();
            arguments(args, kwargs);
        }
        return new Expr.Filter(value, full.toString(), args, kwargs, name.line());
    }

    private Expr test(Expr value, int line) {
        boolean negated = false;
        if (peek().isName("not")) {
            next();
            negated = true;
        }
        Token name = expectKind(Kind.NAME, "a test name");
        String testName = name.text();
        if (!Tests.exists(testName)) {
            throw TemplateException.at(name.line(), "no test named '" + testName + "'");
        }
        List<Expr> args = new ArrayList<>();
        Token t = peek();
        if (t.isOperator("(")) {
            next();
            List<Expr.Keyword> kwargs = new ArrayList<>();
            arguments(args, kwargs);
            kwargs.forEach(k -> args.add(k.value()));
        } else if ((t.kind() == Kind.NAME || t.kind() == Kind.STRING || t.kind() == Kind.INTEGER
                || t.kind() == Kind.FLOAT || (t.kind() == Kind.OPERATOR && ARGUMENT_STARTS.contains(t.text())))
                && !t.isName("else") && !t.isName("or") && !t.isName("and") && !t.isName("if")) {
            if (t.isName("is")) {
                throw TemplateException.at(t.line(), "tests cannot be chained with 'is'");
            }
            args.add(postfix(primary()));
        }
        return new Expr.Test(value, testName, args, negated, line);
    }

    // ---- token helpers

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Kind.EOF) {
            at++;
        }
        return t;
    }

    private void endTag() {
        expectKind(Kind.BLOCK_END, "'%}'");
    }

    private Token expectKind(Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) {
            throw TemplateException.at(t.line(), "expected " + what + ", got " + t.describe());
        }
        return t;
    }

    private void expectName(String name) {
        Token t = next();
        if (!t.isName(name)) {
            throw TemplateException.at(t.line(), "expected '" + name + "', got " + t.describe());
        }
    }

    private void expectOperator(String op) {
        Token t = next();
        if (!t.isOperator(op)) {
            throw TemplateException.at(t.line(), "expected '" + op + "', got " + t.describe());
        }
    }
}
