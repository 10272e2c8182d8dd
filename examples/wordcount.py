"""Count the words of a text file: spark-lambda submit examples/wordcount.py FILE [OUTPUT_DIR]"""

import sys
from operator import add

from spark_lambda import SparkContext

if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: wordcount.py FILE [OUTPUT_DIR]", file=sys.stderr)
        sys.exit(2)
    sc = SparkContext(appName="wordcount")
    counts = (sc.textFile(sys.argv[1])
              .flatMap(lambda line: line.split())
              .map(lambda word: (word, 1))
              .reduceByKey(add))
    if len(sys.argv) > 2:
        counts.saveAsTextFile(sys.argv[2])
    for word, count in counts.takeOrdered(10, key=lambda wc: (-wc[1], wc[0])):
        print(f"{count:8d}  {word}")
    sc.stop()
