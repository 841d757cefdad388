#include "lw/center/cli/format.hpp"

#include <algorithm>
#include <sstream>
#include <nlohmann/json.hpp>

#include "lw/center/report.hpp"

namespace lw::center::cli {

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = any = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (any || !field.empty()) {
                row.push_back(std::move(field));
                rows.push_back(std::move(row));
            }
            row.clear();
            field.clear();
            any = false;
        } else {
            field += c;
            any = true;
        }
    }
    if (any || !field.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string csv_elevators_to_json(const std::string& csv_text, std::string& json_out) {
    using json = nlohmann::json;
    const auto rows = parse_csv(csv_text);
    if (rows.empty()) return "empty";
    const auto& header = rows.front();
    static const std::vector<std::string> numbers{"lat", "lon", "floors", "year"};
    static const std::vector<std::string> flags{"machine_room_less", "urban"};
    json els = json::array();
    for (std::size_t r = 1; r < rows.size(); ++r) {
        if (rows[r].size() != header.size())
            return "line " + std::to_string(r + 1) + " has " + std::to_string(rows[r].size()) + " fields, the header " +
                   std::to_string(header.size());
        json e = json::object();
        for (std::size_t c = 0; c < header.size(); ++c) {
            const auto& k = header[c];
            const auto& v = rows[r][c];
            try {
                if (std::find(numbers.begin(), numbers.end(), k) != numbers.end()) {
                    std::size_t used = 0;
                    const double x = std::stod(v, &used);
                    if (used != v.size()) throw std::invalid_argument(v);
                    e[k] = (k == "floors" || k == "year") ? json(static_cast<int>(x)) : json(x);
                } else if (std::find(flags.begin(), flags.end(), k) != flags.end()) {
                    if (v != "0" && v != "1" && v != "true" && v != "false") throw std::invalid_argument(v);
                    e[k] = (v == "1" || v == "true");
                } else if (!v.empty()) {
                    e[k] = v;
                }
            } catch (const std::exception&) {
                return "line " + std::to_string(r + 1) + ": column " + k + " is not valid: '" + v + "'";
            }
        }
        els.push_back(std::move(e));
    }
    json_out = els.dump();
    return {};
}

std::string format_dossier(const elevator_record& e, const std::vector<using_unit_record>& units,
                           const std::vector<company_record>& companies, const std::vector<incident_row>& incidents,
                           const std::vector<fault_row>& faults) {
    std::string unit = e.using_unit_id, person, phone, company = e.company_id;
    for (const auto& u : units)
        if (u.id == e.using_unit_id) unit = u.name + " (" + u.id + ")", person = u.person_in_charge, phone = u.phone;
    for (const auto& c : companies)
        if (c.id == e.company_id) company = c.name + " (" + c.id + ", " + c.phone + ")";
    std::ostringstream out;
    out << "Elevator " << e.id << "  rescue code " << e.rescue_code << "\n"
        << "  address            " << e.address << "\n"
        << "  district / grid    " << e.district << " / " << e.grid << "  (" << e.position.lat_deg << ", "
        << e.position.lon_deg << ", " << (e.urban ? "urban" : "rural") << ")\n"
        << "  using unit         " << unit << (person.empty() ? "" : ", in charge " + person + " " + phone) << "\n"
        << "  maintenance        " << company << "\n"
        << "  type               " << e.type << (e.machine_room_less ? " (machine-room-less)" : "") << ", " << e.floors
        << " floors, " << e.year << "\n"
        << "  inspection due     " << e.inspection_due << "\n"
        << "  maintenance due    " << e.maintenance_due << "\n";
    out << "Incidents (" << incidents.size() << ", newest first)\n";
    if (incidents.empty()) out << "  (none)\n";
    else out << format_incident_list(incidents);
    out << "Faults (" << faults.size() << ", newest first)\n";
    if (faults.empty()) out << "  (none)\n";
    for (const auto& f : faults)
        out << "  " << format_utc(f.at) << "  " << (f.raised ? "raised " : "cleared") << "  " << f.code_name
            << (f.historical ? " (historical)" : "") << (f.detail.empty() ? "" : " - " + f.detail) << "\n";
    return out.str();
}

std::string format_verify(const verify_result& v, const std::string& db_path) {
    std::ostringstream out;
    for (const auto& p : v.problems) out << "TAMPERED: " << p << "\n";
    out << (v.ok ? "OK" : "FAILED") << ": " << v.rows_checked << " timeline records checked in " << db_path << "\n";
    // The anchor: recorded elsewhere, it lets a later run prove that history was not rewritten.
    out << "chain head: record " << v.head_id << " hash " << v.head_hash << "\n";
    return out.str();
}

}  // namespace lw::center::cli
