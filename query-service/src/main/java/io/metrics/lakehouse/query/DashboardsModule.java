package io.metrics.lakehouse.query;

import com.codahale.metrics.jdbi3.InstrumentedSqlLogger;
import com.codahale.metrics.jdbi3.strategies.SmartNameStrategy;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.metrics.lakehouse.controlplane.ControlPlaneSchema;
import io.metrics.lakehouse.query.core.DashboardService;
import io.metrics.lakehouse.query.core.DashboardValidator;
import io.metrics.lakehouse.query.db.DashboardDao;
import io.metrics.lakehouse.query.resources.DashboardPageResource;
import io.metrics.lakehouse.query.resources.DashboardsResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Properties;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Wires the dashboards feature: the page and its static files, the chart library from its WebJar,
 * and {@code /v1/dashboards} on the control-plane database.
 */
public final class DashboardsModule {

    /** The WebJar's own record of its version, so the version is pinned once (root pom.xml). */
    private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private DashboardsModule() {
    }

    /** Static files: the page's own under {@code /assets/}, uPlot's dist under {@code /vendor/uplot/}. */
    public static void initialize(Bootstrap<?> bootstrap) {
        bootstrap.addBundle(new AssetsBundle("/assets", "/assets/", null, "dashboard-assets"));
        bootstrap.addBundle(new AssetsBundle("/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist",
                "/vendor/uplot/", null, "uplot"));
    }

    public static void register(Environment environment, DataSource controlPlane, ControlPlaneSchema schema,
            Clock clock) {
        // Not JdbiFactory.build: it would register a second health check on the pool the 'postgres'
        // check already probes, and manage the pool a second time.
        Jdbi jdbi = Jdbi.create(controlPlane).installPlugin(new SqlObjectPlugin());
        jdbi.setSqlLogger(new InstrumentedSqlLogger(environment.metrics(), new SmartNameStrategy()));
        DashboardService dashboards = new DashboardService(new DashboardValidator(clock),
                new DashboardDao(jdbi, environment.getObjectMapper()), schema);
        environment.jersey().register(new DashboardsResource(dashboards, environment.getObjectMapper()));
        environment.jersey().register(new DashboardPageResource());
    }

    static String uplotVersion() {
        try (InputStream in = DashboardsModule.class.getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
