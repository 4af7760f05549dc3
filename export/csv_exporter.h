// "csv": an edge list of triples for NetworkX, igraph and pandas, RFC 4180
// quoted, with the header
//   source,target,relation,polarity,weight,count,first,last
// source and target are canonical entity ids, relation the lemma, polarity
// the sign of the triple's summed score (-1, 0, 1; the sign of the summed
// polarities when the score is zero), weight the score's magnitude
// (|sum of polarity x confidence x weight|, 10 significant digits), count
// the pieces of evidence and first/last the earliest and latest evidence
// dates (empty when undated).
#ifndef KG_EXPORT_CSV_EXPORTER_H_
#define KG_EXPORT_CSV_EXPORTER_H_

#include <string>

#include "export/exporter.h"

namespace kg {

// The header line, without a line break.
inline constexpr char kCsvEdgeHeader[] =
    "source,target,relation,polarity,weight,count,first,last";

// The sign and magnitude the CSV and Neo4j exports give a triple.
int TriplePolarity(const TripleAggregate& aggregate);
double TripleWeight(const TripleAggregate& aggregate);

// Shortest decimal text that reads back as the same double (for RDF).
std::string ShortestDecimal(double value);

// `value` with 10 significant digits, so sums of decimals print without
// binary noise ("4.108", not "4.1080000000000005").
std::string ReadableDecimal(double value);

class CsvExporter : public Exporter {
 public:
  std::string_view name() const override { return "csv"; }
  bool binary() const override { return false; }
  // Requires input.store (and input.graph for --focus or --top).
  Status Export(const ExportInput& input, std::ostream& out) const override;
};

}  // namespace kg

#endif  // KG_EXPORT_CSV_EXPORTER_H_
