#include "export/csv_exporter.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "export/export_text.h"
#include "export/selection.h"

namespace kg {

int TriplePolarity(const TripleAggregate& aggregate) {
  // Scores are sums of products of decimals: treat rounding noise as zero.
  constexpr double kEpsilon = 1e-9;
  if (aggregate.score_sum > kEpsilon) return 1;
  if (aggregate.score_sum < -kEpsilon) return -1;
  if (aggregate.polarity_sum > 0) return 1;
  if (aggregate.polarity_sum < 0) return -1;
  return 0;
}

double TripleWeight(const TripleAggregate& aggregate) {
  return std::abs(aggregate.score_sum);
}

std::string ShortestDecimal(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string ReadableDecimal(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

Status CsvExporter::Export(const ExportInput& input, std::ostream& out) const {
  out << kCsvEdgeHeader << '\n';
  KG_RETURN_IF_ERROR(
      ForEachExportTriple(input, false, [&out](const ExportTriple& triple) {
        const TripleAggregate& aggregate = triple.aggregate;
        out << CsvField(triple.subject->key) << ','
            << CsvField(triple.object->key) << ','
            << CsvField(triple.predicate->key) << ','
            << TriplePolarity(aggregate) << ','
            << ReadableDecimal(TripleWeight(aggregate)) << ','
            << aggregate.count << ',' << aggregate.first_date << ','
            << aggregate.last_date << '\n';
        return out ? Status::Ok()
                   : Status::IOError("writing the csv export failed");
      }));
  return Status::Ok();
}

}  // namespace kg
