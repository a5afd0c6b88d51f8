package io.metrics.lakehouse.query.alerting.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExpressionParserTest {

    @Test
    void parsesTheSeedExpressions() {
        assertEquals(new Expression(Aggregation.AVG, Comparison.GT, 500), ExpressionParser.parse("avg(value) > 500"));
        assertEquals(new Expression(Aggregation.P99, Comparison.GT, 0.5), ExpressionParser.parse("p99(value) > 0.5"));
        assertEquals(new Expression(Aggregation.RATE, Comparison.GE, 10), ExpressionParser.parse(" rate ( value )>=10 "));
        assertEquals(new Expression(Aggregation.COUNT, Comparison.NE, -1.5e3), ExpressionParser.parse("count(value) != -1.5e3"));
        assertEquals(new Expression(Aggregation.MIN, Comparison.LE, 0), ExpressionParser.parse("min(value)<=0"));
        assertEquals(new Expression(Aggregation.LAST, Comparison.EQ, 1), ExpressionParser.parse("last(value) == 1"));
    }

    @Test
    void comparisonsHoldAsWrittenAndNaNNeverBreaches() {
        Expression expression = ExpressionParser.parse("avg(value) > 500");
        assertTrue(expression.breaches(500.1));
        assertFalse(expression.breaches(500));
        assertFalse(expression.breaches(Double.NaN));
        assertTrue(ExpressionParser.parse("avg(value) < 1").breaches(0.5));
    }

    @Test
    void errorsCarryThePositionOfTheProblem() {
        assertError("avg(value) >", "expected a number but the expression ended", 12);
        assertError("median(value) > 1", "unknown function 'median'", 0);
        assertError("avg(val) > 1", "expected 'value' but found 'val'", 4);
        assertError("avg value > 1", "expected '(' but found 'v'", 4);
        assertError("avg(value) => 1", "expected a comparison", 11);
        assertError("avg(value) > 1 and", "unexpected 'a' after the threshold", 15);
        assertError("avg(value) > 1e", "expected the digits of an exponent", 15);
        assertError("", "expression is empty", 0);
    }

    private static void assertError(String text, String message, int position) {
        ExpressionException e = assertThrows(ExpressionException.class, () -> ExpressionParser.parse(text));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertEquals(position, e.position(), e.getMessage());
    }
}
