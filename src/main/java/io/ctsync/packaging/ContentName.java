package io.ctsync.packaging;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code <application>_<source>_<destination>_<sequence>.zip}, the sequence as ten digits. */
public record ContentName(String application, String source, String destination, long sequence) {

    private static final Pattern NAME = Pattern.compile(
            "([A-Za-z0-9][A-Za-z0-9-]*)_([A-Za-z0-9][A-Za-z0-9-]*)_([A-Za-z0-9][A-Za-z0-9-]*)_(\\d{10})\\.zip");

    public ContentName {
        if (sequence < 1 || sequence > 9_999_999_999L) {
            throw new IllegalArgumentException("sequence out of range: " + sequence);
        }
    }

    public static Optional<ContentName> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ContentName(m.group(1), m.group(2), m.group(3), Long.parseLong(m.group(4))));
    }

    public boolean samePipeline(String application, String source, String destination) {
        return this.application.equals(application) && this.source.equals(source) && this.destination.equals(destination);
    }

    public String fileName() {
        return String.format("%s_%s_%s_%010d.zip", application, source, destination, sequence);
    }

    @Override
    public String toString() {
        return fileName();
    }
}
