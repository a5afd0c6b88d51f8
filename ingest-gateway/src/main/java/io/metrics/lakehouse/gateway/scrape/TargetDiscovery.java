package io.metrics.lakehouse.gateway.scrape;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets of every job: its static targets plus those of its file_sd files, in Prometheus' file_sd
 * JSON shape ({@code [{"targets": ["host:port", ...], "labels": {"k": "v"}}]}). A file is re-read when
 * its modification time or size changes; a file that is missing or malformed keeps the targets it last
 * had (and says why in the log), as Prometheus does, so that a half-written file cannot drop targets.
 *
 * <p>Labels starting with {@code __} are not kept, except {@code __metrics_path__} and {@code __scheme__},
 * which change the URL of the target.
 */
public final class TargetDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(TargetDiscovery.class);
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    static final String METRICS_PATH_LABEL = "__metrics_path__";
    static final String SCHEME_LABEL = "__scheme__";

    /** One entry of a file_sd file. */
    public record TargetGroup(List<String> targets, Map<String, String> labels) {
    }

    private record FileState(FileTime modified, long size, List<TargetGroup> groups) {
    }

    private final ScrapeConfiguration config;
    private final ObjectMapper json;
    private final Map<Path, FileState> files = new ConcurrentHashMap<>();

    public TargetDiscovery(ScrapeConfiguration config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    /** The current targets of all jobs (static ones first), without duplicates. */
    public List<ScrapeTarget> targets() {
        Map<String, ScrapeTarget> targets = new LinkedHashMap<>();
        for (ScrapeJobConfiguration job : config.getJobs()) {
            List<TargetGroup> groups = new ArrayList<>();
            if (!job.getStaticTargets().isEmpty()) {
                groups.add(new TargetGroup(job.getStaticTargets(), Map.of()));
            }
            for (String file : job.getFileSd()) {
                if (file != null && !file.isBlank()) {
                    groups.addAll(read(Path.of(file.trim())));
                }
            }
            for (TargetGroup group : groups) {
                for (String address : group.targets()) {
                    ScrapeTarget target = target(job, address, group.labels());
                    if (target != null) {
                        targets.putIfAbsent(target.key(), target);
                    }
                }
            }
        }
        return List.copyOf(targets.values());
    }

    private ScrapeTarget target(ScrapeJobConfiguration job, String address, Map<String, String> groupLabels) {
        if (address == null || !ADDRESS.matcher(address).matches()) {
            LOG.warn("scrape job {}: ignoring target '{}' (expected host:port)", job.getName(), address);
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>(job.getLabels());
        String path = job.getMetricsPath();
        String scheme = job.getScheme();
        for (Map.Entry<String, String> label : groupLabels.entrySet()) {
            switch (label.getKey()) {
                case METRICS_PATH_LABEL -> path = label.getValue();
                case SCHEME_LABEL -> scheme = label.getValue();
                default -> {
                    if (!label.getKey().startsWith("__") && LABEL_NAME.matcher(label.getKey()).matches()) {
                        labels.put(label.getKey(), label.getValue());
                    }
                }
            }
        }
        labels.put(ScrapeTarget.JOB, job.getName());
        labels.put(ScrapeTarget.INSTANCE, address);
        Duration interval = toJava(job.getInterval() == null ? config.getDefaultInterval() : job.getInterval());
        Duration timeout = toJava(job.getTimeout() == null ? config.getDefaultTimeout() : job.getTimeout());
        if (timeout.compareTo(interval) > 0) {
            timeout = interval;
        }
        try {
            URI url = URI.create(scheme + "://" + address + (path.startsWith("/") ? path : "/" + path));
            return new ScrapeTarget(job.getName(), url, Map.copyOf(labels), interval, timeout);
        } catch (IllegalArgumentException e) {
            LOG.warn("scrape job {}: ignoring target {}: {}", job.getName(), address, e.getMessage());
            return null;
        }
    }

    private List<TargetGroup> read(Path file) {
        FileState known = files.get(file);
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (known != null && known.modified().equals(modified) && known.size() == size) {
                return known.groups();
            }
            List<TargetGroup> groups = json.readValue(file.toFile(), new TypeReference<List<TargetGroup>>() { });
            List<TargetGroup> clean = groups.stream()
                    .map(g -> new TargetGroup(g.targets() == null ? List.of() : g.targets(),
                            g.labels() == null ? Map.of() : g.labels()))
                    .toList();
            files.put(file, new FileState(modified, size, clean));
            LOG.info("file_sd {}: {} target group(s)", file, clean.size());
            return clean;
        } catch (IOException | RuntimeException e) {
            if (known == null || !(e instanceof java.nio.file.NoSuchFileException)) {
                LOG.warn("file_sd {}: not read ({}); keeping its previous targets", file, e.getMessage());
            }
            return known == null ? List.of() : known.groups();
        }
    }

    private static Duration toJava(io.dropwizard.util.Duration duration) {
        return Duration.ofMillis(duration.toMilliseconds());
    }
}
