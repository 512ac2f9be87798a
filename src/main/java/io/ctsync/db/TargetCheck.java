package io.ctsync.db;

import java.util.List;

/** A mapped target table as the start-up checks see it: its shape and the key ctsync writes it by (empty: its primary key). */
public record TargetCheck(TargetShape shape, List<String> key) {
}
