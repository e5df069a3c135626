package dev.score.rl.code;

import dev.score.rl.code.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Splits program text into tokens. Only ASCII letters, digits, the language's symbols and whitespace are accepted. */
final class Lexer {
    private static final Map<String, Kind> KEYWORDS = Map.ofEntries(
            Map.entry("if", Kind.IF), Map.entry("then", Kind.THEN), Map.entry("else", Kind.ELSE),
            Map.entry("let", Kind.LET), Map.entry("in", Kind.IN), Map.entry("for", Kind.FOR),
            Map.entry("and", Kind.AND), Map.entry("or", Kind.OR), Map.entry("not", Kind.NOT),
            Map.entry("true", Kind.TRUE), Map.entry("false", Kind.FALSE));

    private final String source;
    private final List<Token> tokens = new ArrayList<>();
    private int position;
    private int line = 1;
    private int column = 1;

    private Lexer(String source) {
        this.source = source;
    }

    static List<Token> tokenize(String source) {
        Lexer lexer = new Lexer(source);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (position < source.length()) {
            char c = source.charAt(position);
            if (c == '\n') {
                position++;
                line++;
                column = 1;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                advance(1);
            } else if (isDigit(c)) {
                number();
            } else if (isLetter(c)) {
                word();
            } else {
                symbol(c);
            }
        }
        tokens.add(new Token(Kind.EOF, "", line, column));
    }

    private void number() {
        int start = position;
        while (position < source.length() && isDigit(source.charAt(position))) {
            position++;
        }
        if (position < source.length() && isLetter(source.charAt(position))) {
            throw new SyntaxError(line, column, "a number runs into a name: '"
                    + source.substring(start, Math.min(position + 1, source.length())) + "'");
        }
        String text = source.substring(start, position);
        // Leading zeros are rejected so that every number has one spelling (the canonical layout relies on it).
        if (text.length() > 1 && text.charAt(0) == '0') {
            throw new SyntaxError(line, column, "a number must not start with 0: '" + text + "'");
        }
        if (text.length() > 19 || (text.length() == 19 && text.compareTo("9223372036854775807") > 0)) {
            throw new SyntaxError(line, column, "integer literal too large: " + abbreviate(text));
        }
        emit(Kind.INT, text);
    }

    private void word() {
        int start = position;
        while (position < source.length() && (isLetter(source.charAt(position)) || isDigit(source.charAt(position)))) {
            position++;
        }
        String text = source.substring(start, position);
        emit(KEYWORDS.getOrDefault(text, Kind.NAME), text);
    }

    private void symbol(char c) {
        char next = position + 1 < source.length() ? source.charAt(position + 1) : '\0';
        switch (c) {
            case '(' -> single(Kind.LPAREN, c);
            case ')' -> single(Kind.RPAREN, c);
            case '[' -> single(Kind.LBRACKET, c);
            case ']' -> single(Kind.RBRACKET, c);
            case ',' -> single(Kind.COMMA, c);
            case ':' -> single(Kind.COLON, c);
            case '+' -> single(Kind.PLUS, c);
            case '-' -> single(Kind.MINUS, c);
            case '*' -> single(Kind.STAR, c);
            case '/' -> single(Kind.SLASH, c);
            case '%' -> single(Kind.PERCENT, c);
            case '=' -> pair(next == '=', Kind.EQ, "==", Kind.ASSIGN, "=");
            case '<' -> pair(next == '=', Kind.LE, "<=", Kind.LT, "<");
            case '>' -> pair(next == '=', Kind.GE, ">=", Kind.GT, ">");
            case '!' -> {
                if (next != '=') {
                    throw new SyntaxError(line, column, "'!' must be followed by '=' (use 'not' for negation)");
                }
                pair(true, Kind.NE, "!=", Kind.NE, "!=");
            }
            default -> throw new SyntaxError(line, column, "unexpected character " + describe(c));
        }
    }

    private void single(Kind kind, char c) {
        tokens.add(new Token(kind, String.valueOf(c), line, column));
        advance(1);
    }

    private void pair(boolean isLong, Kind longKind, String longText, Kind shortKind, String shortText) {
        Kind kind = isLong ? longKind : shortKind;
        String text = isLong ? longText : shortText;
        tokens.add(new Token(kind, text, line, column));
        advance(text.length());
    }

    private void emit(Kind kind, String text) {
        tokens.add(new Token(kind, text, line, column));
        column += text.length();
    }

    private void advance(int count) {
        position += count;
        column += count;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static String abbreviate(String text) {
        return text.length() <= 24 ? text : text.substring(0, 20) + "...";
    }
}
