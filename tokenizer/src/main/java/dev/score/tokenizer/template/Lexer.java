package dev.score.tokenizer.template;

import dev.score.tokenizer.template.Token.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits a template into text and tag tokens the way jinja2's lexer does with {@code trim_blocks} and
 * {@code lstrip_blocks} on: the whitespace rules are applied here, so the parser only sees the text that prints.
 */
final class Lexer {
    private static final String[] OPERATORS = {"//", "**", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~",
        "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";"};

    private final String src;
    private final boolean trimBlocks;
    private final boolean lstripBlocks;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    /** Whether the last token consumed ended a line: lstrip_blocks then applies to text with no newline of its own. */
    private boolean lineStarting = true;
    /** Line numbers are asked for in nearly increasing order, so one moving cursor counts newlines once. */
    private int lineCursor;
    private int lineAtCursor = 1;

    private Lexer(String source, boolean trimBlocks, boolean lstripBlocks) {
        this.trimBlocks = trimBlocks;
        this.lstripBlocks = lstripBlocks;
        String normalized = source.replace("\r\n", "\n").replace('\r', '\n');
        // jinja2's keep_trailing_newline=False drops one final newline.
        this.src = normalized.endsWith("\n") ? normalized.substring(0, normalized.length() - 1) : normalized;
    }

    /** Tokens under Hugging Face's settings, or with either whitespace rule off (to show that they matter). */
    static List<Token> tokenize(String source, boolean trimBlocks, boolean lstripBlocks) {
        Lexer lexer = new Lexer(source, trimBlocks, lstripBlocks);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < src.length()) {
            int open = nextOpener(pos);
            if (open < 0) {
                emitText(src.substring(pos), pos);
                break;
            }
            char type = src.charAt(open + 1);
            char modifier = open + 2 < src.length() ? src.charAt(open + 2) : 0;
            String text = src.substring(pos, open);
            if (modifier == '-') {
                text = Text.rstrip(text);
            } else if (modifier != '+' && type != '{' && lstripBlocks) {
                text = lstripBlock(text);
            }
            emitText(text, pos);
            int start = open + 2 + (modifier == '-' || modifier == '+' ? 1 : 0);
            if (type == '#') {
                comment(open, start);
            } else {
                tag(open, start, type == '{');
            }
        }
        tokens.add(new Token(Kind.EOF, "", line(src.length())));
    }

    private String lstripBlock(String text) {
        int lineStart = text.lastIndexOf('\n') + 1;
        if ((lineStart > 0 || lineStarting) && lineStart < text.length() && Text.isBlank(text, lineStart)) {
            return text.substring(0, lineStart);
        }
        return text;
    }

    private int nextOpener(int from) {
        int i = src.indexOf('{', from);
        while (i >= 0 && i + 1 < src.length()) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
            i = src.indexOf('{', i + 1);
        }
        return -1;
    }

    private void emitText(String text, int at) {
        if (!text.isEmpty()) {
            tokens.add(new Token(Kind.TEXT, text, line(at)));
        }
    }

    private void comment(int open, int from) {
        int end = src.indexOf("#}", from);
        if (end < 0) {
            throw TemplateException.at(line(open), "comment not closed: expected '#}'");
        }
        char before = end > from ? src.charAt(end - 1) : 0;
        pos = end + 2;
        closeTag(before == '-' ? '-' : before == '+' ? '+' : 0, true);
    }

    private void tag(int openedAt, int from, boolean variable) {
        tokens.add(new Token(variable ? Kind.VARIABLE_BEGIN : Kind.BLOCK_BEGIN, "", line(openedAt)));
        pos = from;
        Deque<String> brackets = new ArrayDeque<>();
        String close = variable ? "}}" : "%}";
        while (true) {
            skipSpaces();
            if (pos >= src.length()) {
                throw TemplateException.at(line(openedAt), "tag not closed: expected '" + close + "'");
            }
            char modifier = src.charAt(pos);
            // As in jinja2, a tag cannot end inside brackets: {{ {'a': {'b': 1}} }} is one expression.
            if (brackets.isEmpty() && src.startsWith(close, pos)) {
                tokens.add(new Token(variable ? Kind.VARIABLE_END : Kind.BLOCK_END, "", line(pos)));
                pos += 2;
                closeTag((char) 0, !variable);
                return;
            }
            boolean modified = modifier == '-' || (modifier == '+' && !variable);
            if (brackets.isEmpty() && modified && src.startsWith(close, pos + 1)) {
                tokens.add(new Token(variable ? Kind.VARIABLE_END : Kind.BLOCK_END, "", line(pos)));
                pos += 3;
                closeTag(modifier, !variable);
                return;
            }
            innerToken();
            balance(tokens.getLast(), brackets);
        }
    }

    /** Tracks brackets the way jinja2's lexer does: a closer must match the innermost opener. */
    private void balance(Token t, Deque<String> brackets) {
        if (t.kind() != Kind.OPERATOR) {
            return;
        }
        switch (t.text()) {
            case "(" -> brackets.push(")");
            case "[" -> brackets.push("]");
            case "{" -> brackets.push("}");
            case ")", "]", "}" -> {
                if (brackets.isEmpty()) {
                    throw TemplateException.at(t.line(), "unexpected '" + t.text() + "'");
                }
                if (!brackets.peek().equals(t.text())) {
                    throw TemplateException.at(t.line(), "unexpected '" + t.text() + "', expected '" + brackets.peek()
                            + "'");
                }
                brackets.pop();
            }
            default -> {
            }
        }
    }

    /** Consumes what a tag's end takes with it: all whitespace after '-', one newline after a block (trim_blocks). */
    private void closeTag(char modifier, boolean block) {
        int start = pos;
        if (modifier == '-') {
            while (pos < src.length() && Text.isSpace(src.charAt(pos))) {
                pos++;
            }
        } else if (modifier != '+' && block && trimBlocks && pos < src.length() && src.charAt(pos) == '\n') {
            pos++;
        }
        lineStarting = pos > start && src.charAt(pos - 1) == '\n';
    }

    private void skipSpaces() {
        while (pos < src.length() && Text.isSpace(src.charAt(pos))) {
            pos++;
        }
    }

    private void innerToken() {
        int start = pos;
        char c = src.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            tokens.add(new Token(Kind.NAME, src.substring(start, pos), line(start)));
        } else if (c >= '0' && c <= '9') {
            number(start);
        } else if (c == '\'' || c == '"') {
            string(start, c);
        } else {
            for (String op : OPERATORS) {
                if (src.startsWith(op, pos)) {
                    pos += op.length();
                    tokens.add(new Token(Kind.OPERATOR, op, line(start)));
                    return;
                }
            }
            throw TemplateException.at(line(start), "unexpected character '" + c + "'");
        }
    }

    private void number(int start) {
        digits();
        boolean isFloat = false;
        boolean afterDot = !tokens.isEmpty() && tokens.getLast().isOperator(".");
        if (!afterDot && pos + 1 < src.length() && src.charAt(pos) == '.' && Character.isDigit(src.charAt(pos + 1))) {
            pos++;
            digits();
            isFloat = true;
        }
        if (!afterDot && pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int mark = pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                digits();
                isFloat = true;
            } else {
                pos = mark;
            }
        }
        String text = src.substring(start, pos).replace("_", "");
        tokens.add(new Token(isFloat ? Kind.FLOAT : Kind.INTEGER, text, line(start)));
    }

    private void digits() {
        while (pos < src.length() && (Character.isDigit(src.charAt(pos))
                || (src.charAt(pos) == '_' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))))) {
            pos++;
        }
    }

    private void string(int start, char quote) {
        StringBuilder out = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= src.length()) {
                throw TemplateException.at(line(start), "string literal not closed: expected " + quote);
            }
            char c = src.charAt(pos);
            if (c == quote) {
                pos++;
                break;
            }
            if (c == '\\' && pos + 1 < src.length()) {
                pos = Text.unescape(src, pos, out);
            } else {
                out.append(c);
                pos++;
            }
        }
        tokens.add(new Token(Kind.STRING, out.toString(), line(start)));
    }

    private int line(int offset) {
        while (lineCursor < offset && lineCursor < src.length()) {
            if (src.charAt(lineCursor++) == '\n') {
                lineAtCursor++;
            }
        }
        while (lineCursor > offset) {
            if (src.charAt(--lineCursor) == '\n') {
                lineAtCursor--;
            }
        }
        return lineAtCursor;
    }
}
