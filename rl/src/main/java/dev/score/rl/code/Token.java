package dev.score.rl.code;

/** A lexeme of the language, with where it starts (1-based line and column) for error messages. */
record Token(Kind kind, String text, int line, int column) {

    enum Kind {
        INT, NAME,
        IF, THEN, ELSE, LET, IN, FOR, AND, OR, NOT, TRUE, FALSE,
        LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, COLON, ASSIGN,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS, STAR, SLASH, PERCENT,
        EOF
    }

    /** How the token reads in an error message. */
    String describe() {
        return kind == Kind.EOF ? "end of input" : "'" + text + "'";
    }
}
