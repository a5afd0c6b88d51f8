package io.metrics.lakehouse.gateway.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ingest.otlp}: how OTLP resources become tags. Only the resource attributes named here are
 * kept, under the tag key given (the others, e.g. {@code telemetry.sdk.*}, {@code process.*}, would
 * cost tags on every series and say nothing about it). Point and scope attributes are all kept.
 *
 * <pre>
 * otlp:
 *   resourceAttributes:          # resource attribute -> tag key
 *     service.name: service
 *     service.namespace: service_namespace
 *     service.instance.id: instance
 *     host.name: host
 *     deployment.environment: env
 *     deployment.environment.name: env
 *     cloud.region: region
 *     k8s.namespace.name: k8s_namespace
 *     k8s.pod.name: pod
 * </pre>
 */
public class OtlpSettings {

    @NotNull
    private Map<String, String> resourceAttributes = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("service.name", "service");
        map.put("service.namespace", "service_namespace");
        map.put("service.instance.id", "instance");
        map.put("host.name", "host");
        map.put("deployment.environment", "env");
        map.put("deployment.environment.name", "env");
        map.put("cloud.region", "region");
        map.put("k8s.namespace.name", "k8s_namespace");
        map.put("k8s.pod.name", "pod");
        return map;
    }

    @JsonProperty
    public Map<String, String> getResourceAttributes() {
        return resourceAttributes;
    }

    @JsonProperty
    public void setResourceAttributes(Map<String, String> resourceAttributes) {
        this.resourceAttributes = resourceAttributes;
    }
}
