package io.metrics.lakehouse.query.alerting;

import io.metrics.lakehouse.query.QueryServiceApplication;
import io.metrics.lakehouse.query.alerting.core.RuleDataSource;
import io.metrics.lakehouse.query.testing.MutableClock;
import java.time.Clock;
import java.time.Instant;

/** query-service with the tests' scripted data source and hand-moved clock (shared by every instance). */
public class AlertingTestApplication extends QueryServiceApplication {

    static final MutableClock CLOCK = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    static final ScriptedRuleDataSource DATA = new ScriptedRuleDataSource();

    @Override
    protected RuleDataSource ruleDataSource() {
        return DATA;
    }

    @Override
    protected Clock clock() {
        return CLOCK;
    }
}
