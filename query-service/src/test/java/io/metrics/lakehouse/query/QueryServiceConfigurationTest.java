package io.metrics.lakehouse.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.metrics.lakehouse.query.trino.TrinoConfiguration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The configuration as Dropwizard reads it: YAML, environment substitution, bean validation. */
class QueryServiceConfigurationTest {

    private static final String MINIMAL = """
            trino:
              jdbcUrl: jdbc:trino://127.0.0.1:8080
              user: query-service
            database:
              driverClass: org.postgresql.Driver
              url: jdbc:postgresql://127.0.0.1:15432/metrics
              user: postgres
            """;

    private final YamlConfigurationFactory<QueryServiceConfiguration> factory = new YamlConfigurationFactory<>(
            QueryServiceConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    private QueryServiceConfiguration fromYaml(String yaml) throws Exception {
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "inline.yml");
    }

    @Test
    void exampleConfigIsValid() throws Exception {
        QueryServiceConfiguration config = factory.build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)), "config/local.yml");

        assertEquals("iceberg", config.getTrino().getCatalog());
        assertEquals("metrics", config.getTrino().getSchema());
        assertEquals(30, config.getTrino().getQueryTimeout().toSeconds());
        assertEquals("org.postgresql.Driver", config.getDatabase().getDriverClass());
        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
        assertEquals("127.0.0.1", ((HttpConnectorFactory) server.getApplicationConnectors().get(0)).getBindHost());
        assertEquals("127.0.0.1", ((HttpConnectorFactory) server.getAdminConnectors().get(0)).getBindHost());
    }

    @Test
    void withoutServerSectionTheServiceBindsLoopbackOn8082And8092() throws Exception {
        QueryServiceConfiguration config = fromYaml(MINIMAL);

        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
        HttpConnectorFactory application = (HttpConnectorFactory) server.getApplicationConnectors().get(0);
        HttpConnectorFactory admin = (HttpConnectorFactory) server.getAdminConnectors().get(0);
        assertEquals("127.0.0.1", application.getBindHost());
        assertEquals(8082, application.getPort());
        assertEquals("127.0.0.1", admin.getBindHost());
        assertEquals(8092, admin.getPort());
        TrinoConfiguration trino = config.getTrino();
        assertEquals("iceberg", trino.getCatalog());
        assertEquals("metrics", trino.getSchema());
    }

    @Test
    void trinoUrlMustBeATrinoJdbcUrl() {
        ConfigurationValidationException e = assertThrows(ConfigurationValidationException.class,
                () -> fromYaml(MINIMAL.replace("jdbc:trino://127.0.0.1:8080", "http://127.0.0.1:8080")));
        assertTrue(e.getMessage().contains("trino.jdbcUrl must start with jdbc:trino://"), e.getMessage());
    }

    @Test
    void connectionPropertiesCannotSetTheUser() {
        ConfigurationValidationException e = assertThrows(ConfigurationValidationException.class,
                () -> fromYaml(MINIMAL.replace("  user: query-service\n",
                        "  user: query-service\n  connectionProperties:\n    user: someone-else\n")));
        assertTrue(e.getMessage().contains("connectionProperties may not set user"), e.getMessage());
    }

    @Test
    void displayUrlDropsTheQueryString() throws Exception {
        QueryServiceConfiguration config = fromYaml(MINIMAL.replace("jdbc:trino://127.0.0.1:8080",
                "jdbc:trino://127.0.0.1:8080?SSL=true&password=secret"));

        assertEquals("jdbc:trino://127.0.0.1:8080", config.getTrino().displayUrl());
    }
}
