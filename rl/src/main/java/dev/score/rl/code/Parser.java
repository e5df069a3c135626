package dev.score.rl.code;

import dev.score.rl.code.Expr.Binary;
import dev.score.rl.code.Expr.BoolLiteral;
import dev.score.rl.code.Expr.Call;
import dev.score.rl.code.Expr.Comprehension;
import dev.score.rl.code.Expr.If;
import dev.score.rl.code.Expr.Index;
import dev.score.rl.code.Expr.IntLiteral;
import dev.score.rl.code.Expr.Let;
import dev.score.rl.code.Expr.ListLiteral;
import dev.score.rl.code.Expr.Negate;
import dev.score.rl.code.Expr.Not;
import dev.score.rl.code.Expr.Slice;
import dev.score.rl.code.Expr.Variable;
import dev.score.rl.code.Token.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive descent over the grammar in docs/CODE_LANGUAGE.md. Every step that deepens the tree (a
 * nested expression, a unary operator, each link of an operator chain or of an index chain) counts
 * against {@link SandboxLimits#maxSyntaxDepth()}, so neither the parser nor anything that later walks
 * the tree can recurse without bound, whatever the text.
 */
final class Parser {
    private final List<Token> tokens;
    private final int maxDepth;
    private int position;
    private int depth;

    private Parser(List<Token> tokens, int maxDepth) {
        this.tokens = tokens;
        this.maxDepth = maxDepth;
    }

    static Program parseProgram(String source, SandboxLimits limits) {
        Parser parser = open(source, limits);
        List<Definition> definitions = new ArrayList<>();
        Set<String> names = new HashSet<>();
        do {
            Token start = parser.peek();
            Definition d = parser.definition();
            if (!names.add(d.name())) {
                throw new SyntaxError(start.line(), start.column(), "function '" + d.name() + "' is defined twice");
            }
            definitions.add(d);
        } while (parser.peek().kind() != Kind.EOF);
        return new Program(List.copyOf(definitions));
    }

    /** One expression and nothing after it: a test line such as {@code f(3) == 11}. */
    static Expr parseExpression(String source, SandboxLimits limits) {
        Parser parser = open(source, limits);
        Expr e = parser.expression();
        parser.expect(Kind.EOF, "end of input");
        return e;
    }

    private static Parser open(String source, SandboxLimits limits) {
        if (source.length() > limits.maxSourceChars()) {
            throw new SyntaxError(1, 1, "program longer than " + limits.maxSourceChars() + " characters");
        }
        return new Parser(Lexer.tokenize(source), limits.maxSyntaxDepth());
    }

    private Definition definition() {
        Token name = expect(Kind.NAME, "a function name");
        if (Builtin.named(name.text()) != null) {
            throw error(name, "'" + name.text() + "' is a builtin and cannot be redefined");
        }
        expect(Kind.LPAREN, "'('");
        List<String> parameters = new ArrayList<>();
        if (peek().kind() != Kind.RPAREN) {
            do {
                Token p = expect(Kind.NAME, "a parameter name");
                if (parameters.contains(p.text())) {
                    throw error(p, "parameter '" + p.text() + "' appears twice");
                }
                parameters.add(p.text());
            } while (accept(Kind.COMMA));
        }
        expect(Kind.RPAREN, "')'");
        expect(Kind.ASSIGN, "'='");
        return new Definition(name.text(), List.copyOf(parameters), expression());
    }

    private Expr expression() {
        enter();
        try {
            if (accept(Kind.IF)) {
                Expr condition = expression();
                expect(Kind.THEN, "'then'");
                Expr whenTrue = expression();
                expect(Kind.ELSE, "'else'");
                return new If(condition, whenTrue, expression());
            }
            if (accept(Kind.LET)) {
                String name = expect(Kind.NAME, "a variable name").text();
                expect(Kind.ASSIGN, "'='");
                Expr value = expression();
                expect(Kind.IN, "'in'");
                return new Let(name, value, expression());
            }
            return binary(BinaryOperator.OR.precedence);
        } finally {
            leave(1);
        }
    }

    /** Left-associative chains of the operators binding at least as tightly as {@code precedence}. */
    private Expr binary(int precedence) {
        if (precedence == BinaryOperator.NOT_PRECEDENCE) {
            return not();
        }
        if (precedence > BinaryOperator.MUL.precedence) {
            return unary();
        }
        Expr left = binary(precedence + 1);
        int links = 0;
        try {
            while (true) {
                BinaryOperator op = BinaryOperator.of(peek().kind());
                if (op == null || op.precedence != precedence) {
                    return left;
                }
                Token at = next();
                enter();
                links++;
                left = new Binary(op, left, binary(precedence + 1));
                if (op.isComparison() && BinaryOperator.of(peek().kind()) instanceof BinaryOperator o && o.isComparison()) {
                    throw error(peek(), "comparisons do not chain: '" + at.text() + "' then '" + peek().text()
                            + "'; join them with 'and'");
                }
            }
        } finally {
            leave(links);
        }
    }

    private Expr not() {
        if (!accept(Kind.NOT)) {
            return binary(BinaryOperator.NOT_PRECEDENCE + 1);
        }
        enter();
        try {
            return new Not(not());
        } finally {
            leave(1);
        }
    }

    private Expr unary() {
        if (!accept(Kind.MINUS)) {
            return postfix();
        }
        enter();
        try {
            return new Negate(unary());
        } finally {
            leave(1);
        }
    }

    private Expr postfix() {
        Expr target = primary();
        int links = 0;
        try {
            while (accept(Kind.LBRACKET)) {
                enter();
                links++;
                Expr from = peek().kind() == Kind.COLON ? null : expression();
                if (accept(Kind.COLON)) {
                    Expr to = peek().kind() == Kind.RBRACKET ? null : expression();
                    target = new Slice(target, from, to);
                } else {
                    target = new Index(target, from);
                }
                expect(Kind.RBRACKET, "']'");
            }
            return target;
        } finally {
            leave(links);
        }
    }

    private Expr primary() {
        Token t = next();
        return switch (t.kind()) {
            case INT -> new IntLiteral(Long.parseLong(t.text()));
            case TRUE -> new BoolLiteral(true);
            case FALSE -> new BoolLiteral(false);
            case NAME -> peek().kind() == Kind.LPAREN ? call(t) : new Variable(t.text());
            case LPAREN -> {
                Expr inner = expression();
                expect(Kind.RPAREN, "')'");
                yield inner;
            }
            case LBRACKET -> listOrComprehension();
            default -> throw error(t, "expected an expression, found " + t.describe());
        };
    }

    private Expr call(Token name) {
        expect(Kind.LPAREN, "'('");
        List<Expr> arguments = new ArrayList<>();
        if (peek().kind() != Kind.RPAREN) {
            do {
                arguments.add(expression());
            } while (accept(Kind.COMMA));
        }
        expect(Kind.RPAREN, "')' or ','");
        Builtin builtin = Builtin.named(name.text());
        if (builtin != null && (arguments.size() < builtin.minArity || arguments.size() > builtin.maxArity)) {
            throw error(name, name.text() + " takes " + (builtin.minArity == builtin.maxArity
                    ? String.valueOf(builtin.minArity) : builtin.minArity + " or " + builtin.maxArity)
                    + " argument(s), got " + arguments.size());
        }
        return new Call(name.text(), List.copyOf(arguments));
    }

    private Expr listOrComprehension() {
        if (accept(Kind.RBRACKET)) {
            return new ListLiteral(List.of());
        }
        Expr first = expression();
        if (accept(Kind.FOR)) {
            String variable = expect(Kind.NAME, "a variable name").text();
            expect(Kind.IN, "'in'");
            Expr source = expression();
            Expr filter = accept(Kind.IF) ? expression() : null;
            expect(Kind.RBRACKET, "']'");
            return new Comprehension(first, variable, source, filter);
        }
        List<Expr> elements = new ArrayList<>();
        elements.add(first);
        while (accept(Kind.COMMA)) {
            elements.add(expression());
        }
        expect(Kind.RBRACKET, "']' or ','");
        return new ListLiteral(List.copyOf(elements));
    }

    private void enter() {
        if (++depth > maxDepth) {
            Token t = peek();
            throw error(t, "expression nested deeper than " + maxDepth + " levels");
        }
    }

    private void leave(int levels) {
        depth -= levels;
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token next() {
        Token t = tokens.get(position);
        if (t.kind() != Kind.EOF) {
            position++;
        }
        return t;
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            position++;
            return true;
        }
        return false;
    }

    private Token expect(Kind kind, String what) {
        Token t = peek();
        if (t.kind() != kind) {
            throw error(t, "expected " + what + ", found " + t.describe());
        }
        return next();
    }

    private static SyntaxError error(Token at, String message) {
        return new SyntaxError(at.line(), at.column(), message);
    }
}
