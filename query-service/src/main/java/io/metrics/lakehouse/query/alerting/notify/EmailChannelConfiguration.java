package io.metrics.lakehouse.query.alerting.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;

/**
 * E-mail over SMTP (Jakarta Mail): {@code host}, {@code port}, {@code security} ({@code none},
 * {@code starttls}: required upgrade, {@code ssl}: TLS from the first byte), optional
 * {@code username}/{@code password} (SMTP AUTH when a username is set), {@code from}, {@code to}.
 */
public class EmailChannelConfiguration extends ChannelConfiguration {

    public enum Security { NONE, STARTTLS, SSL }

    private String host = "";
    @Min(1)
    @Max(65535)
    private int port = 587;
    @NotNull
    private Security security = Security.STARTTLS;
    private String username = "";
    private String password = "";
    private String from = "";
    @NotNull
    private List<String> to = List.of();

    @JsonProperty public String getHost() { return host; }
    @JsonProperty public void setHost(String host) { this.host = host; }
    @JsonProperty public int getPort() { return port; }
    @JsonProperty public void setPort(int port) { this.port = port; }
    @JsonProperty public Security getSecurity() { return security; }
    @JsonProperty public void setSecurity(Security security) { this.security = security; }
    @JsonProperty public String getUsername() { return username; }
    @JsonProperty public void setUsername(String username) { this.username = username; }
    @JsonProperty public String getPassword() { return password; }
    @JsonProperty public void setPassword(String password) { this.password = password; }
    @JsonProperty public String getFrom() { return from; }
    @JsonProperty public void setFrom(String from) { this.from = from; }
    @JsonProperty public List<String> getTo() { return to; }
    @JsonProperty public void setTo(List<String> to) { this.to = to; }

    @Override
    public boolean isConfigured() {
        return present(host) && present(from) && !to.isEmpty();
    }

    @Override
    public Notifier build(ObjectMapper json, Duration timeout) {
        return new EmailNotifier(this, timeout);
    }
}
