# Nhãn tiếng Việt của các báo cáo. Mỗi thông điệp có bản tiếng Anh tương
# ứng trong en.ftl; một kiểm thử bảo đảm hai tệp có cùng các mã thông điệp.

header = cloudcensus { $version } — số liệu ngày { $date } ({ $mode }): { $agencies } cơ quan, đơn vị; { $systems } hệ thống
header-retired = (thêm { $retired } hệ thống đã ngừng sử dụng, không tính)
header-retiring = ({ $retiring } hệ thống sắp ngừng sử dụng, không tính vào tỷ lệ trên điện toán đám mây)
mode-online = có kiểm tra trực tuyến
mode-offline = không kiểm tra trực tuyến

probed = Đã kiểm tra { $endpoints } địa chỉ trong { $seconds } giây: { $answered } địa chỉ phản hồi
probed-errors = , { $failed } địa chỉ lỗi ({ $classes })

section-targets = Chỉ tiêu
section-agencies = Cơ quan, đơn vị
section-failing = Nội dung chưa đạt ({ $count })
section-fix = Cách khắc phục
section-waivers = Trường hợp miễn trừ cần xem lại
no-failing = Không có nội dung chưa đạt.

col-target = Chỉ tiêu
col-current = Hiện tại
col-goal = Mục tiêu
col-deadline = Thời hạn
col-status = Tình trạng
col-measured = Cơ sở tính
col-agency = Mã đơn vị
col-name = Tên cơ quan, đơn vị
col-systems = Số hệ thống
col-on-cloud = Trên điện toán đám mây
col-services-online = DVC trực tuyến toàn trình
col-compliance = Mức tuân thủ
col-severity = Mức độ
col-rule = Quy tắc
col-system = Hệ thống
col-endpoint = Địa chỉ
col-finding = Nội dung
col-failing = Số trường hợp
col-rule-title = Nội dung quy tắc
col-remediation = Cách khắc phục
col-state = Tình trạng
col-expires = Hết hạn
col-where = Vị trí
row-all = toàn tỉnh

measured = { $numerator }/{ $denominator } { $unit }
measured-unknown = , { $count } chưa xác định
unit-services = dịch vụ
unit-agencies = cơ quan, đơn vị
unit-systems = hệ thống

status-met = đã đạt
status-on-track = đúng tiến độ
status-behind = chậm tiến độ
status-missed = không đạt (đạt { $value })
status-no-trend = chưa đạt; chưa đủ dữ liệu để dự báo
status-no-data = chưa có số liệu

severity-critical = đặc biệt nghiêm trọng
severity-high = nghiêm trọng
severity-medium = trung bình
severity-low = thấp
severity-info = thông tin

checks = { $total } lượt kiểm tra: { $pass } đạt, { $fail } chưa đạt, { $waived } được miễn trừ, { $unknown } chưa xác định, { $error } lỗi. Chưa đạt theo mức độ: { $severities }.
rule-errors = Một số quy tắc không đánh giá được (mọi kết quả `error` có trong --format json):
rule-error-line = { $rule }: lỗi trên { $systems } hệ thống, ví dụ: { $example }

summary-header = cloudcensus { $version }: kết quả rà soát ngày { $date } ({ $mode }): { $agencies } cơ quan, đơn vị; { $systems } hệ thống
summary-targets = Chỉ tiêu:
summary-target = { $value } (mục tiêu { $goal }, thời hạn { $deadline })
summary-failing = Nội dung chưa đạt: { $count } ({ $severities })
summary-agencies = Cơ quan, đơn vị có nội dung chưa đạt: { $count }
summary-more = và { $count } đơn vị khác
summary-errors = { $count } kết quả lỗi khi đánh giá quy tắc:
summary-reports = Báo cáo: { $list }

mail-subject = [cloudcensus] { $cloud } hệ thống trên điện toán đám mây, { $agencies } cơ quan, đơn vị có nội dung chưa đạt
mail-sent = Đã gửi thư tới { $to }.

html-title = Báo cáo rà soát chuyển đổi lên điện toán đám mây và bảo đảm an toàn thông tin
html-chart-title = Mức tuân thủ của các cơ quan, đơn vị (từ thấp đến cao)
html-compliance-note = Tỷ lệ lượt kiểm tra đạt hoặc được miễn trừ trên tổng số lượt kiểm tra đã có kết quả.
html-gauge-goal = mục tiêu { $goal }
html-probe-facts = Kết quả kiểm tra các địa chỉ
html-no-probes = Lần rà soát này không kiểm tra trực tuyến các địa chỉ.
html-probe-dns = Địa chỉ IP (DNS)
html-probe-result = Kết quả
html-probe-status = Mã trạng thái HTTP
html-probe-tls = Phiên bản TLS
html-probe-cert = Chứng thư số
html-probe-hsts = HSTS (bắt buộc HTTPS)
html-probe-redirect = Tự động chuyển HTTP sang HTTPS
html-probe-provider = Nhà cung cấp xác định qua DNS
html-probe-title = Tiêu đề trang
html-reachable = truy cập được
html-unreachable = không truy cập được
html-yes = có
html-no = không
html-none = không có
html-cert-valid = hợp lệ; số ngày còn hiệu lực: { $days }
html-cert-problem = { $problem }; số ngày còn hiệu lực: { $days }
html-cert-expired = đã hết hạn
html-cert-not-yet-valid = chưa đến ngày có hiệu lực
html-cert-self-signed = tự ký
html-cert-unknown-issuer = không rõ tổ chức cấp
html-cert-hostname-mismatch = không khớp tên miền
html-cert-invalid = không hợp lệ
html-hsts-max-age = max-age { $seconds } giây
html-waiver-expired = đã hết hạn
html-waiver-orphan = không khớp hệ thống hoặc quy tắc nào
html-footer = Báo cáo do cloudcensus { $version } lập, số liệu ngày { $date }. Trang báo cáo độc lập, không tải nội dung nào từ mạng.

# Tên cột của tệp CSV.
csv-severity = Mức độ
csv-outcome = Kết quả
csv-rule = Mã quy tắc
csv-rule_title = Nội dung quy tắc
csv-agency = Mã đơn vị
csv-agency_name = Tên cơ quan, đơn vị
csv-system = Mã hệ thống
csv-system_name = Tên hệ thống
csv-endpoint = Địa chỉ
csv-detail = Chi tiết
csv-remediation = Cách khắc phục
csv-file = Tệp kê khai
csv-line = Dòng
csv-id = Mã đơn vị
csv-name = Tên cơ quan, đơn vị
csv-kind = Loại hình
csv-systems = Số hệ thống
csv-retired_systems = Số hệ thống đã ngừng sử dụng
csv-retiring_systems = Số hệ thống sắp ngừng sử dụng
csv-on_cloud = Số hệ thống trên điện toán đám mây
csv-on_cloud_percent = Tỷ lệ trên điện toán đám mây (%)
csv-services_total = Tổng số dịch vụ công
csv-services_fully_online = Số DVC trực tuyến toàn trình
csv-services_online_percent = Tỷ lệ DVC trực tuyến toàn trình (%)
csv-failing_critical = Chưa đạt - đặc biệt nghiêm trọng
csv-failing_high = Chưa đạt - nghiêm trọng
csv-failing_medium = Chưa đạt - trung bình
csv-failing_low = Chưa đạt - thấp
csv-failing_info = Chưa đạt - thông tin
csv-compliance_percent = Mức tuân thủ (%)

summary-changes = So với lần rà soát ngày { $date }: { $new } nội dung mới chưa đạt, { $fixed } nội dung đã khắc phục.

status-no-progress = không có tiến triển

html-trend = Giá trị qua các lần rà soát
html-reached-by = Với tốc độ hiện nay, mục tiêu sẽ đạt vào khoảng { $date }.

marker-new = mới

# --- Terminal view, grouping and print layout (issue 12, item 8) ---------
# Kept together at the end of the file to ease merging.
section-failing-rules = Nội dung chưa đạt ({ $count }) theo quy tắc
section-failing-each = Toàn bộ nội dung chưa đạt ({ $count })
col-worst-agencies = Nhiều nhất tại
worst-more = +{ $count } đơn vị khác
count-new = { $count } ({ $new } mới)
details-hint = Xem từng nội dung chưa đạt: thêm --details.
html-failing-list = Hệ thống chưa đạt ({ $count })
worst-spread = { $count } đơn vị, mỗi đơn vị một hệ thống
html-new-systems = { $count } mới
# --- end of issue 12, item 8 ----------------------------------------------
