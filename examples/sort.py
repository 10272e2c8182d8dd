"""Sort the lines of text files by their first 10 characters (a sort benchmark's key):
spark-lambda submit examples/sort.py INPUT OUTPUT_DIR [PARTITIONS]"""

import sys

from spark_lambda import SparkContext

if __name__ == "__main__":
    if len(sys.argv) < 3:
        print("usage: sort.py INPUT OUTPUT_DIR [PARTITIONS]", file=sys.stderr)
        sys.exit(2)
    sc = SparkContext(appName="sort")
    partitions = int(sys.argv[3]) if len(sys.argv) > 3 else None
    (sc.textFile(sys.argv[1])
       .map(lambda line: (line[:10], line[10:]))
       .sortByKey(numPartitions=partitions)
       .map(lambda kv: kv[0] + kv[1])
       .saveAsTextFile(sys.argv[2]))
    sc.stop()
