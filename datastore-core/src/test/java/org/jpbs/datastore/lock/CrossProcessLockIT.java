package org.jpbs.datastore.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A group lock held by another JVM excludes this one, and dies with that JVM. */
class CrossProcessLockIT {
    @TempDir
    Path tmp;

    @Test
    void groupLock_heldByChildJvm_parentFails_thenFreeAfterKill() throws Exception {
        Datastore store = Datastore.create(tmp.resolve("store"));
        BackupGroup group = store.group(BackupNamespace.root(), BackupType.VM, "100");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                LockHolderMain.class.getName(), store.base().toString(), "100"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("child output").startsWith("LOCKED ");
            assertThat(Path.of(line.substring("LOCKED ".length()))).isEqualTo(group.lockFile());

            assertThatThrownBy(group::lock).isInstanceOf(LockedException.class)
                    .hasMessageContaining("backup group vm/100").hasMessageContaining("locked by another operation");
            assertThatThrownBy(() -> group.lock(Duration.ofMillis(200))).isInstanceOf(LockedException.class);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        // the stale lock file is still there, but flock died with the process
        assertThat(group.lockFile()).exists();
        try (LockGuard mine = group.lock(Duration.ofSeconds(30))) {
            assertThat(mine.isHeld()).isTrue();
        }
    }

    @Test
    void groupDestroy_groupLockedByChildJvm_failsAndGroupKept() throws Exception {
        Datastore store = Datastore.create(tmp.resolve("store2"));
        store.group(BackupNamespace.root(), BackupType.VM, "7").create("root@pam");
        BackupGroup group = store.group(BackupNamespace.root(), BackupType.VM, "7");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                LockHolderMain.class.getName(), store.base().toString(), "7"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("LOCKED ");
            assertThatThrownBy(group::destroy).isInstanceOf(LockedException.class);
            assertThat(group.exists()).isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(group.destroy().groupRemoved()).isTrue();
    }

}
