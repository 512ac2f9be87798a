package io.ctsync.packaging;

/** The entries of a table inside a content, in the order they are written. */
public enum Operation {
    INSERTED("I", "inserted.json"),
    UPDATED("U", "updated.json"),
    DELETED("D", "deleted.json"),
    EXISTING(null, "existing.json"),
    MISSING(null, "missing.json");

    private final String code;
    private final String fileName;

    Operation(String code, String fileName) {
        this.code = code;
        this.fileName = fileName;
    }

    /** The change operation letter (I, U, D) as SQL Server's Change Tracking writes it. */
    public String code() {
        return code;
    }

    public String fileName() {
        return fileName;
    }

    public static Operation ofCode(String code) {
        return switch (code) {
            case "I" -> INSERTED;
            case "U" -> UPDATED;
            case "D" -> DELETED;
            default -> throw new IllegalArgumentException("unknown change operation " + code);
        };
    }
}
