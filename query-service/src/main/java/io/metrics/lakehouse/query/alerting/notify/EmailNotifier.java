package io.metrics.lakehouse.query.alerting.notify;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

/**
 * One plain-text e-mail per digest. Subject: the digest title ({@code [FIRING:2] High p99 latency});
 * body: one line per alert, then the link to the alert events.
 */
class EmailNotifier implements Notifier {

    private final EmailChannelConfiguration config;
    private final Session session;

    EmailNotifier(EmailChannelConfiguration config, Duration timeout) {
        this.config = config;
        Properties props = new Properties();
        boolean ssl = config.getSecurity() == EmailChannelConfiguration.Security.SSL;
        String protocol = ssl ? "smtps" : "smtp";
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", config.getHost());
        props.put("mail." + protocol + ".port", String.valueOf(config.getPort()));
        props.put("mail." + protocol + ".auth", String.valueOf(ChannelConfiguration.present(config.getUsername())));
        props.put("mail." + protocol + ".connectiontimeout", String.valueOf(timeout.toMillis()));
        props.put("mail." + protocol + ".timeout", String.valueOf(timeout.toMillis()));
        props.put("mail." + protocol + ".writetimeout", String.valueOf(timeout.toMillis()));
        if (config.getSecurity() == EmailChannelConfiguration.Security.STARTTLS) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        if (config.getSecurity() != EmailChannelConfiguration.Security.NONE) {
            props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        this.session = Session.getInstance(props);
    }

    @Override
    public void send(Digest digest) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(config.getFrom()));
        for (String to : config.getTo()) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        message.setSubject(digest.title(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.setText(body(digest), StandardCharsets.UTF_8.name());
        message.saveChanges();
        try (Transport transport = session.getTransport()) {
            if (ChannelConfiguration.present(config.getUsername())) {
                transport.connect(config.getUsername(), config.getPassword());
            } else {
                transport.connect();
            }
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    static String body(Digest digest) {
        StringBuilder body = new StringBuilder();
        for (Alert alert : digest.alerts()) {
            body.append(AlertText.line(alert)).append('\n');
        }
        body.append('\n').append("Alert events: ").append(digest.externalUrl()).append("/v1/alert-events?status=firing\n");
        return body.toString();
    }
}
