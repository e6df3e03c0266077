package org.adherence.notification.stream;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory the stores take outside the heap, all together (Kafka Streams' "bounded memory" recipe): by
 * default each of the topology's stores, on each partition, gets a block cache and memtables of its own, tens of
 * megabytes each, which would grow with the partitions an instance owns. Here one cache of 64 MiB, of which the
 * memtables may take 32 MiB, serves them all.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

    private static final long TOTAL_OFF_HEAP = 64L * 1024 * 1024;

    private static final long TOTAL_MEMTABLES = 32L * 1024 * 1024;

    /** Made when the first store opens, not when Kafka Streams checks its configuration on the main thread. */
    private static final class Shared {

        static {
            RocksDB.loadLibrary();
        }

        static final Cache CACHE = new LRUCache(TOTAL_OFF_HEAP, -1, false, 0.1);

        static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(TOTAL_MEMTABLES, CACHE);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(Shared.CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(Shared.WRITE_BUFFERS);
        options.setMaxWriteBufferNumber(2);
        options.setWriteBufferSize(4L * 1024 * 1024);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write-buffer manager are shared by every store: never closed by one of them
    }
}
