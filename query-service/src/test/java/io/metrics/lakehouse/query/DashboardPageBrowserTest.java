package io.metrics.lakehouse.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.query.testing.StackData;
import io.metrics.lakehouse.query.testing.StackData.P;
import io.metrics.lakehouse.service.testing.TestHttp;
import java.io.File;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboards page in a real headless Chromium (Debian's chromium and chromium-driver), driven
 * by Selenium: data written into Iceberg through Trino, a dashboard saved through the API, the
 * page opened by its share link; the chart must show exactly the expected series and points.
 * Screenshots go to target/screenshots/.
 */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class DashboardPageBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final StackEndpoints STACK = LocalStackExtension.endpoints();

    static final DropwizardAppExtension<QueryServiceConfiguration> APP = new DropwizardAppExtension<>(
            QueryServiceApplication.class, "config/local.yml", "dw-ui.", QueryApiTest.overrides("dw-ui.", Map.of()));

    /** Whole minutes inside the last hour: with the page's 1h range the raw tier serves them at a 10 s step. */
    private static final Instant M = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(50, ChronoUnit.MINUTES);
    private static final Map<String, String> WEB1 = Map.of("host", "web-01", "region", "us-east-1");
    private static final Map<String, String> WEB2 = Map.of("host", "web-02", "region", "us-east-1");
    private static final Map<String, String> DB1 = Map.of("host", "db-01", "region", "eu-west-1");

    private static ChromeDriver browser;

    @BeforeAll
    static void browserAndData() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs Debian's Chromium and its driver: apt-get install -y chromium chromium-driver");
        List<P> points = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            points.add(new P(WEB1, M.plus(i * 10L, ChronoUnit.MINUTES), 100 + i));
            points.add(new P(WEB2, M.plus(i * 10L, ChronoUnit.MINUTES), 200 + 2 * i));
            points.add(new P(DB1, M.plus(i * 10L, ChronoUnit.MINUTES), 900));
        }
        new StackData(STACK).insertRaw("ui.latency", "gauge", points);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aSharedDashboardLinkDrawsTheExpectedSeriesWithItsTiersAndTheAlertsBox() throws Exception {
        // Saved with 6 hours (the minute tiers, which hold nothing here); the link asks for 1 hour.
        JsonNode saved = DashboardsApiTest.create(APP.getLocalPort(), """
                {"name":"UI latency","panels":[{"title":"Latency by host","metric":"ui.latency",
                 "tags":["region:us-east-1"],"group_by":["host"],"agg":"max"}],
                 "time_range":{"from":"now-6h","to":"now"},"refresh":"off"}""");
        String id = saved.get("id").asText();

        browser.get("http://127.0.0.1:" + APP.getLocalPort() + "/dashboards/" + id + "?from=now-1h");
        WebElement panel = waitForPanel();

        try {
            assertEquals("rendered", panel.getDomAttribute("data-state"), panel.getText());
            assertEquals("[\"host=web-01\",\"host=web-02\"]", panel.getDomAttribute("data-series-labels"));
            assertEquals("[5,5]", panel.getDomAttribute("data-point-counts"));
            assertEquals("raw", panel.getDomAttribute("data-tiers"));
            assertEquals("10s", panel.getDomAttribute("data-resolution"));
            assertEquals("Latency by host", panel.findElement(By.cssSelector("h3 .title")).getText());
            assertTrue(panel.findElement(By.cssSelector(".tiers")).getText().startsWith("served by raw ("),
                    panel.findElement(By.cssSelector(".tiers")).getText());

            // What uPlot itself holds and shows: its series, their values in time order, its legend.
            JavascriptExecutor js = browser;
            assertEquals(List.of("host=web-01", "host=web-02"), js.executeScript(
                    "return window.dashboardCharts[0].series.slice(1).map(s => s.label)"));
            assertEquals(List.of(100L, 101L, 102L, 103L, 104L), js.executeScript(
                    "return window.dashboardCharts[0].data[1].filter(v => v !== null)"));
            assertEquals(List.of(200L, 202L, 204L, 206L, 208L), js.executeScript(
                    "return window.dashboardCharts[0].data[2].filter(v => v !== null)"));
            List<Long> firstAndLast = List.of(M.getEpochSecond(), M.plus(40, ChronoUnit.MINUTES).getEpochSecond());
            assertEquals(firstAndLast, js.executeScript(
                    "const xs = window.dashboardCharts[0].data[0]; return [xs[0], xs[xs.length - 1]]"));
            List<String> legend = panel.findElements(By.cssSelector(".u-legend .u-series .u-label")).stream()
                    .map(WebElement::getText).toList();
            assertEquals(List.of("host=web-01", "host=web-02"), legend.subList(1, legend.size()));
            assertEquals(1, panel.findElements(By.cssSelector("canvas")).size());

            // The page shows the link's range, keeps the saved name, and the alerts box asked alerting (nothing fires).
            assertEquals("1h", new Select(browser.findElement(By.id("range"))).getFirstSelectedOption().getDomAttribute("value"));
            assertEquals("UI latency", browser.findElement(By.id("dashboard-name")).getDomProperty("value"));
            WebElement alerts = browser.findElement(By.id("alerts-body"));
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !"loading".equals(alerts.getDomAttribute("data-state")));
            // Other test classes share this JVM's database: the box must agree with the API, whatever fires.
            int firing = TestHttp.json(TestHttp.get(APP.getLocalPort(), "/v1/alert-events?status=firing"))
                    .get("events").size();
            if (firing == 0) {
                assertEquals("none", alerts.getDomAttribute("data-state"));
                assertEquals("no alert is firing", alerts.getText());
            } else {
                assertEquals("firing", alerts.getDomAttribute("data-state"));
                assertEquals(String.valueOf(firing), alerts.getDomAttribute("data-count"));
                assertEquals(firing, alerts.findElements(By.cssSelector("li")).size());
            }
        } finally {
            screenshot("dashboard-" + id);
        }
    }

    @Test
    void aPanelBuiltInTheEditorIsDrawnAndSavedThroughTheApi() throws Exception {
        try (Connection db = DriverManager.getConnection(STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE),
                STACK.postgresUser(), STACK.postgresPassword()); Statement statement = db.createStatement()) {
            statement.execute("INSERT INTO metrics (name, unit, type) VALUES ('ui.latency', 'ms', 'gauge')"
                    + " ON CONFLICT (name) DO NOTHING");
        }
        browser.get("http://127.0.0.1:" + APP.getLocalPort() + "/dashboards");
        WebElement form = browser.findElement(By.id("panel-editor"));
        browser.findElement(By.id("dashboard-name")).sendKeys("Built in the browser");
        WebElement metric = form.findElement(By.name("metric"));
        metric.sendKeys("ui.lat");
        // Autocomplete from GET /v1/metrics?match=ui.lat (the registry in PostgreSQL).
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElements(
                By.cssSelector("#metric-options option[value='ui.latency']")).size() == 1);
        metric.sendKeys("ency");
        form.findElement(By.name("tags")).sendKeys("region:us-east-1, host:(web-01|db-01)");
        form.findElement(By.name("group_by")).sendKeys("host");
        new Select(form.findElement(By.name("agg"))).selectByValue("min");
        form.findElement(By.id("editor-submit")).click();

        WebElement panel = waitForPanel();
        assertEquals("rendered", panel.getDomAttribute("data-state"), panel.getText());
        assertEquals("[\"host=web-01\"]", panel.getDomAttribute("data-series-labels"));
        assertEquals("[5]", panel.getDomAttribute("data-point-counts"));

        browser.findElement(By.id("save")).click();
        WebElement status = browser.findElement(By.id("status"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> status.getText().startsWith("saved"));
        assertEquals("saved “Built in the browser”", status.getText());
        String url = browser.getCurrentUrl();
        Matcher shared = Pattern.compile(".*/dashboards/([0-9a-f-]{36})\\?from=now-1h&to=now").matcher(url);
        assertTrue(shared.matches(), url);
        HttpResponse<String> stored = TestHttp.get(APP.getLocalPort(), "/v1/dashboards/" + shared.group(1));
        assertEquals(200, stored.statusCode(), stored.body());
        JsonNode body = TestHttp.json(stored);
        assertEquals("[{\"title\":\"ui.latency\",\"metric\":\"ui.latency\",\"tags\":[\"region:us-east-1\","
                + "\"host:(web-01|db-01)\"],\"group_by\":[\"host\"],\"agg\":\"min\"}]", body.get("panels").toString());
        assertEquals("Built in the browser", body.get("name").asText());

        // Another range is part of the link at once.
        new Select(browser.findElement(By.id("range"))).selectByValue("24h");
        assertTrue(browser.getCurrentUrl().endsWith("/dashboards/" + shared.group(1) + "?from=now-24h&to=now"),
                browser.getCurrentUrl());
        screenshot("dashboard-built-in-the-browser");
    }

    @Test
    void anUnknownDashboardIdSaysSo() throws Exception {
        String id = "00000000-0000-0000-0000-000000000000";
        browser.get("http://127.0.0.1:" + APP.getLocalPort() + "/dashboards/" + id);
        WebElement status = browser.findElement(By.id("status"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !status.getText().isEmpty());
        assertEquals("no dashboard with id " + id, status.getText());
        assertEquals("error", status.getDomAttribute("class"));
        assertEquals(0, browser.findElements(By.cssSelector("#panels .panel")).size());
        screenshot("dashboard-unknown");
    }

    /** The first panel once its query has answered (drawn, empty or failed). */
    private static WebElement waitForPanel() {
        return new WebDriverWait(browser, Duration.ofSeconds(90)).until(d -> {
            List<WebElement> panels = d.findElements(By.cssSelector("#panels .panel"));
            if (panels.isEmpty()) {
                return null;
            }
            String state = panels.get(0).getDomAttribute("data-state");
            return "loading".equals(state) ? null : panels.get(0);
        });
    }

    private static void screenshot(String name) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
