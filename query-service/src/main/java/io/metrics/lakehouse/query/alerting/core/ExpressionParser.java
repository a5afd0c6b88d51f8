package io.metrics.lakehouse.query.alerting.core;

/**
 * Recursive-descent parser of the grammar
 * <pre>
 *   expression := function '(' 'value' ')' comparison number
 *   function   := avg | sum | min | max | count | last | rate | increase | p50 | p75 | p90 | p95 | p99
 *   comparison := '&gt;' | '&gt;=' | '&lt;' | '&lt;=' | '==' | '!='
 *   number     := ['-'|'+'] digits ['.' digits] [('e'|'E') ['-'|'+'] digits]
 * </pre>
 * with whitespace between tokens. Errors carry the 0-based position of the offending character.
 */
public final class ExpressionParser {

    private final String text;
    private int pos;

    private ExpressionParser(String text) {
        this.text = text;
    }

    public static Expression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ExpressionException("expression is empty", 0);
        }
        return new ExpressionParser(text).expression();
    }

    private Expression expression() {
        skipSpaces();
        int functionStart = pos;
        String function = identifier("a function (" + Aggregation.allWireNames() + ")");
        Aggregation aggregation = Aggregation.fromWireName(function).orElseThrow(() -> new ExpressionException(
                "unknown function '" + function + "', expected one of " + Aggregation.allWireNames(), functionStart));
        expect('(');
        skipSpaces();
        int argumentStart = pos;
        String argument = identifier("'value'");
        if (!argument.equals("value")) {
            throw new ExpressionException("expected 'value' but found '" + argument + "'", argumentStart);
        }
        expect(')');
        Comparison comparison = comparison();
        double threshold = number();
        skipSpaces();
        if (pos < text.length()) {
            throw new ExpressionException("unexpected '" + text.charAt(pos) + "' after the threshold", pos);
        }
        return new Expression(aggregation, comparison, threshold);
    }

    private String identifier(String what) {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw new ExpressionException("expected " + what + found(), pos);
        }
        return text.substring(start, pos);
    }

    private void expect(char c) {
        skipSpaces();
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw new ExpressionException("expected '" + c + "'" + found(), pos);
        }
        pos++;
    }

    private Comparison comparison() {
        skipSpaces();
        int start = pos;
        for (String symbol : new String[] {">=", "<=", "==", "!=", ">", "<"}) {
            if (text.startsWith(symbol, pos)) {
                pos += symbol.length();
                return Comparison.fromSymbol(symbol).orElseThrow();
            }
        }
        throw new ExpressionException("expected a comparison (>, >=, <, <=, ==, !=)" + found(), start);
    }

    private double number() {
        skipSpaces();
        int start = pos;
        if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
            pos++;
        }
        int digits = digits();
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            digits += digits();
        }
        if (digits == 0) {
            pos = start;
            throw new ExpressionException("expected a number" + found(), start);
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
                pos++;
            }
            if (digits() == 0) {
                throw new ExpressionException("expected the digits of an exponent" + found(), pos);
            }
        }
        double value = Double.parseDouble(text.substring(start, pos));
        if (Double.isInfinite(value)) {
            throw new ExpressionException("number out of range", start);
        }
        return value;
    }

    private int digits() {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        return pos - start;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private String found() {
        return pos >= text.length() ? " but the expression ended" : " but found '" + text.charAt(pos) + "'";
    }
}
